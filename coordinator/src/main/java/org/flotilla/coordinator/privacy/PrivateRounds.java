package org.flotilla.coordinator.privacy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.client.ClientService;
import org.flotilla.coordinator.job.DifferentialPrivacy;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.PrivacyFigures;
import org.flotilla.coordinator.job.PrivacyPolicies;
import org.flotilla.model.protocol.ClientSetting;
import org.flotilla.privacy.accounting.PrivacySpent;
import org.flotilla.privacy.sampling.PoissonSampling;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of a differentially private round attempt before its updates arrive: the budget check,
 * the Poisson sample, the ledger entry and what each sampled client is told.
 *
 * <p><b>Sampling.</b> The accountant analyses the sampled Gaussian mechanism under Poisson
 * sampling (Mironov, Talwar, Zhang 2019), so each attempt draws, when it opens, every
 * <em>enrolled</em> client independently with probability q ({@link PoissonSampling}, from a
 * {@code DRBG} {@link SecureRandom}). Eligibility is enrolment alone — not being online, not having
 * checked in recently, not the data — so it cannot depend on the clients' data. Clients pull
 * work, so the draw is made at opening and only sampled clients may join the cohort; the cohort
 * wants every one of them, with no quorum, no over-selection and no refill. A sampled client that
 * does not check in within the selection window, declines, or does not upload in time is a
 * drop-out: its term in the sum is zero, which is within the sensitivity C that the analysis
 * assumes for any client, and the fixed denominator m = qN does not change, so the analysis holds.
 */
@Service
public class PrivateRounds {

    private final PrivacyLedger ledger;
    private final PrivacyReleases releases;
    private final Accounting accounting;
    private final ClientService clients;
    private final JobRepository jobs;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SecureRandom random = drbg();

    PrivateRounds(PrivacyLedger ledger, PrivacyReleases releases, Accounting accounting, ClientService clients,
                  JobRepository jobs, TransactionTemplate tx, Clock clock) {
        this.ledger = ledger;
        this.releases = releases;
        this.accounting = accounting;
        this.clients = clients;
        this.jobs = jobs;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Why the job must stop before its next round attempt (its budget would be exceeded), or empty
     * when the attempt fits.
     */
    public Optional<String> budgetSpent(Job job) {
        return Optional.ofNullable(accounting.next(job).stop());
    }

    /**
     * Accounts a round attempt and draws its sample, committing both before the caller opens the
     * cohort; idempotent (an attempt accounted already, by this process before a crash or by another
     * replica, keeps its entry and its sample).
     */
    public Opening open(Job job, int round, int attempt) {
        Optional<PrivacyFigures> existing = ledger.find(job.id(), round, attempt);
        if (existing.isPresent()) {
            return new Opening.Sampled(existing.get().sampled());
        }
        Accounting.Next next = accounting.next(job);
        if (next.stop() != null) {
            return new Opening.BudgetSpent(next.stop());
        }
        DifferentialPrivacy dp = job.differentialPrivacy();
        List<String> sample = new PoissonSampling(dp.samplingRate()).select(clients.enrolledIds(), random);
        PrivacySpent after = next.after();
        PrivacyFigures figures = new PrivacyFigures(round, attempt, dp.mode(), after.epsilon(), after.delta(),
                Double.isNaN(after.order()) ? null : after.order(), after.accountant(), next.rounds(), dp.samplingRate(),
                dp.noiseMultiplier(), PrivacyPolicies.updateNoiseMultiplier(dp), clipNorm(job, round),
                dp.expectedClients(), sample.size());
        try {
            tx.executeWithoutResult(s -> {
                ledger.insert(job.id(), figures, sample, clock.instant());
                jobs.recordPrivacy(job.id(), figures);
            });
        } catch (DuplicateKeyException accountedConcurrently) {
            return new Opening.Sampled(ledger.find(job.id(), round, attempt).orElseThrow().sampled());
        }
        return new Opening.Sampled(sample.size());
    }

    /** Whether the client was drawn for the attempt (only then may it join its cohort). */
    public boolean sampled(long jobId, int round, int attempt, String clientId) {
        return ledger.sampled(jobId, round, attempt, clientId);
    }

    /**
     * What every participant of the attempt is told: {@code clipNorm} C, and under local DP its
     * {@code localNoiseMultiplier} z.
     */
    public Map<String, Double> clientSettings(Job job, int round, int attempt) {
        PrivacyFigures f = ledger.find(job.id(), round, attempt).orElseThrow(() -> new IllegalStateException(
                "round " + round + "." + attempt + " of job " + job.id() + " has no privacy ledger entry"));
        Map<String, Double> settings = new LinkedHashMap<>();
        settings.put(ClientSetting.CLIP_NORM.key(), f.clipNorm());
        if (job.differentialPrivacy().isLocal()) {
            settings.put(ClientSetting.LOCAL_NOISE_MULTIPLIER.key(), f.noiseMultiplier());
        }
        return settings;
    }

    /**
     * C for a round: the job's, or under adaptive clipping the one the previous round's release
     * computed (a retried attempt keeps its round's C: only a completed round moves it).
     */
    private double clipNorm(Job job, int round) {
        DifferentialPrivacy dp = job.differentialPrivacy();
        if (dp.adaptiveClipping() == null || round == 1) {
            return dp.clipNorm();
        }
        return releases.latestOfRound(job.id(), round - 1).map(PrivacyRelease::nextClipNorm)
                .orElseGet(() -> ledger.ofJob(job.id()).stream().filter(f -> f.round() == round - 1)
                        .reduce((a, b) -> b).map(PrivacyFigures::clipNorm).orElse(dp.clipNorm()));
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
