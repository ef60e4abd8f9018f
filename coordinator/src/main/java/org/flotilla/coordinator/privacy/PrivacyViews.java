package org.flotilla.coordinator.privacy;

import java.util.HashMap;
import java.util.Map;

import org.flotilla.coordinator.job.PrivacyFigures;
import org.springframework.stereotype.Component;

/** The privacy figures of a job's round attempts, for the round records. */
@Component
public class PrivacyViews {

    private final PrivacyLedger ledger;
    private final PrivacyReleases releases;

    PrivacyViews(PrivacyLedger ledger, PrivacyReleases releases) {
        this.ledger = ledger;
        this.releases = releases;
    }

    /** Each accounted attempt's {@code privacy} member, by {@link #key}; empty for a job without DP. */
    public Map<String, RoundPrivacy> ofJob(long jobId) {
        Map<String, PrivacyRelease> released = new HashMap<>();
        releases.ofJob(jobId).forEach(r -> released.put(key(r.round(), r.attempt()), r));
        Map<String, RoundPrivacy> out = new HashMap<>();
        for (PrivacyFigures f : ledger.ofJob(jobId)) {
            String k = key(f.round(), f.attempt());
            out.put(k, RoundPrivacy.of(f, released.get(k)));
        }
        return out;
    }

    /** The key of a round attempt in {@link #ofJob}: {@code round.attempt}. */
    public static String key(int round, int attempt) {
        return round + "." + attempt;
    }
}
