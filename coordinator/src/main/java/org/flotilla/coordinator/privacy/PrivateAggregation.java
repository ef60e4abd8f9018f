package org.flotilla.coordinator.privacy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.flotilla.coordinator.aggregation.AggregationInput;
import org.flotilla.coordinator.aggregation.AggregationResult;
import org.flotilla.coordinator.aggregation.Aggregator;
import org.flotilla.coordinator.aggregation.StoredUpdate;
import org.flotilla.coordinator.artifact.ArtifactKind;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.job.DifferentialPrivacy;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.PrivacyFigures;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.privacy.mechanism.GaussianNoise;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Closing a round attempt of a differentially private job: sum obtained ({@link UpdateSums}), DP
 * step ({@link DpStep}), release recorded, then the job's strategy applied to the noised mean as
 * its only input ({@link Aggregator}, which stores the weights and a provenance record naming the
 * noised mean's artifact, so the strategy step stays reproducible bit for bit).
 *
 * <p>The noise is drawn once per cohort: the release (the noised mean's artifact and a row) is
 * committed before the strategy runs, and a closing repeated after a crash, or by a replica that
 * took the lease over, finds it and reuses it. Drawing again would release the same sum twice
 * with independent noise, which the accountant did not count; it would also make the closing
 * step non-deterministic, which the cohort engine requires it not to be.
 */
@Component
public class PrivateAggregation {

    /** The client id under which the noised mean appears as the strategy's single update. */
    public static final String NOISED_MEAN = "differential-privacy:noised-mean";

    private final PrivacyLedger ledger;
    private final PrivacyReleases releases;
    private final UpdateSums sums;
    private final Aggregator aggregator;
    private final ArtifactStore store;
    private final Clock clock;
    private final GaussianNoise noise = GaussianNoise.secure();

    PrivateAggregation(PrivacyLedger ledger, PrivacyReleases releases, UpdateSums sums, Aggregator aggregator,
                       ArtifactStore store, Clock clock) {
        this.ledger = ledger;
        this.releases = releases;
        this.sums = sums;
        this.aggregator = aggregator;
        this.store = store;
        this.clock = clock;
    }

    /** Aggregates the training cohort {@code cohortId} of {@code job}, whose stored updates {@code in} lists. */
    public AggregationResult aggregate(long cohortId, AggregationInput in, Job job) {
        return aggregate(cohortId, in, job, round -> job.differentialPrivacy().isLocal()
                ? sums.local(in.updates(), round.noiseMultiplier(), in.parameterCount())
                : sums.clipped(in.updates(), round.clipNorm(), in.parameterCount()));
    }

    /**
     * The same from a sum obtained another way: a secure-aggregation round passes the unmasked sum
     * of its clipped updates, so the noise is added after unmasking by the same DP step. The sum is
     * asked for only when the attempt has no release yet.
     */
    public AggregationResult aggregate(long cohortId, AggregationInput in, Job job,
                                       Function<PrivacyFigures, SumOfClipped> sumObtained) {
        long started = System.nanoTime();
        PrivacyFigures round = ledger.find(in.jobId(), in.round(), in.attempt()).orElseThrow(() -> new IllegalStateException(
                "round " + in.round() + "." + in.attempt() + " of job " + in.jobId() + " has no privacy ledger entry"));
        PrivacyRelease release = releases.find(cohortId)
                .orElseGet(() -> releaseOnce(cohortId, in, job, round, sumObtained.apply(round)));
        List<StoredUpdate> mean = release.noisedMeanSha256() == null ? List.of()
                : List.of(new StoredUpdate(NOISED_MEAN, release.noisedMeanSha256(), 1, null));
        Duration dpTime = Duration.ofNanos(System.nanoTime() - started);
        AggregationResult step = aggregator.aggregate(new AggregationInput(in.jobId(), in.round(), in.attempt(),
                in.selected(), in.jobSeed(), in.planSha256(), in.parameterCount(), in.strategyName(),
                in.strategySettings(), in.weightsSha256(), in.strategyStateSha256(), in.evaluation(), mean));
        List<String> contributors = in.updates().stream().map(StoredUpdate::clientId).sorted().toList();
        return new AggregationResult(step.newModel(), step.outcome(), step.weightsSha256(), step.strategyStateSha256(),
                step.provenanceSha256(), step.newModel() ? contributors : List.of(), step.excluded(),
                Aggregator.trainSummary(in.updates()), step.test(), step.aggregationTime().plus(dpTime),
                step.evaluationTime());
    }

    private PrivacyRelease releaseOnce(long cohortId, AggregationInput in, Job job, PrivacyFigures round,
                                       SumOfClipped sum) {
        DifferentialPrivacy dp = job.differentialPrivacy();
        DpStep.Released r = DpStep.release(dp, round, sum, noise);
        String sha = r.mean() == null ? null
                : store.write(ArtifactKind.UPDATE, out -> WeightsCodec.write(r.mean(), out)).sha256();
        PrivacyRelease release = new PrivacyRelease(cohortId, in.jobId(), in.round(), in.attempt(), sha, sum.count(),
                sum.clippedOnArrival(), sum.excluded(), r.noiseStddev(), r.denominator(), r.unclippedFraction(),
                r.nextClipNorm(), clock.instant());
        try {
            releases.insert(release);
            return release;
        } catch (DuplicateKeyException releasedConcurrently) {
            // Another replica released first: its noise is the one that counts.
            return releases.find(cohortId).orElseThrow();
        }
    }
}
