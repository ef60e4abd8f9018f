package org.flotilla.coordinator.round;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.cohort.ParticipantRepository;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.system.LimitProperties;
import org.flotilla.coordinator.system.Refused;
import org.flotilla.model.protocol.RefusalReason;
import org.flotilla.model.wire.UpdateMetrics;
import org.springframework.stereotype.Component;

/**
 * The checks that keep one device from hurting the coordinator or the job through its uploads:
 * one upload in flight per (client, round) on this replica ({@code UPLOAD_IN_PROGRESS}, 429); a
 * free-space floor under the artifact store ({@code STORAGE_FULL}, 503), so that a flood of
 * uploads never fills the disk the database shares; and an aggregation weight that cannot be
 * forged — the update's {@code examples} at most what the client declared at the check-in that
 * assigned it ({@code EXAMPLES_OVER_DECLARED}) and at most the job's {@code maxExamplesPerClient} and
 * {@code flotilla.limits.examples-per-client} ({@code EXAMPLES_OVER_CAP}), both 422. With every weight at most 2^40 the weighted sums cannot
 * overflow.
 */
@Component
class UploadGate {

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ParticipantRepository participants;
    private final ArtifactStore store;
    private final LimitProperties limits;

    UploadGate(ParticipantRepository participants, ArtifactStore store, LimitProperties limits) {
        this.participants = participants;
        this.store = store;
        this.limits = limits;
    }

    /** The slot of one upload; closing it lets the next upload of the same client and round in. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the (client, round) slot, or refuses 429 while another upload holds it. */
    Slot enter(long jobId, int roundNo, String clientId) {
        String key = jobId + "/" + roundNo + "/" + clientId;
        if (!inFlight.add(key)) {
            throw new Refused(RefusalReason.UPLOAD_IN_PROGRESS, "another upload of " + clientId + " for round " + roundNo
                    + " of job " + jobId + " is being received; retry after " + limits.busyRetryAfterSeconds() + " s",
                    limits.busyRetryAfterSeconds());
        }
        return () -> inFlight.remove(key);
    }

    /** Refuses 503 when storing {@code incoming} more bytes would leave less than the floor free. */
    void requireSpace(long incoming) {
        long free;
        try {
            free = store.usableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the free space of the artifact store failed", e);
        }
        long floor = limits.minFreeSpace().toBytes();
        if (free - incoming < floor) {
            throw new Refused(RefusalReason.STORAGE_FULL, "the coordinator has " + (free >> 20) + " MB free, less than the "
                    + (floor >> 20) + " MB floor (flotilla.limits.min-free-space) plus this upload; retry after "
                    + limits.busyRetryAfterSeconds() + " s", limits.busyRetryAfterSeconds());
        }
    }

    /**
     * Refuses 422 an example count over the caps (the job's {@code maxExamplesPerClient}, the
     * coordinator's {@code flotilla.limits.examples-per-client}) or over what the client declared
     * when it was assigned.
     */
    void requirePlausible(Job job, long cohortId, String clientId, UpdateMetrics reported) {
        Long jobCap = job.maxExamplesPerClient();
        boolean byJob = jobCap != null && jobCap < limits.examplesPerClient();
        long cap = byJob ? jobCap : limits.examplesPerClient();
        if (reported.examples() > cap) {
            throw new Refused(RefusalReason.EXAMPLES_OVER_CAP, true, "the update claims " + reported.examples()
                    + " training examples, more than the " + cap + " one client may claim ("
                    + (byJob ? "the job's maxExamplesPerClient" : "flotilla.limits.examples-per-client") + ")",
                    MetricsHeader.NAME + ".examples", "at most " + cap);
        }
        OptionalLong declared = participants.declaredExamples(cohortId, clientId);
        if (declared.isPresent() && reported.examples() > declared.getAsLong()) {
            throw new Refused(RefusalReason.EXAMPLES_OVER_DECLARED, true, "the update claims " + reported.examples()
                    + " training examples; " + clientId + " declared " + declared.getAsLong()
                    + " at the check-in that assigned it this round", MetricsHeader.NAME + ".examples",
                    "at most " + declared.getAsLong());
        }
    }
}
