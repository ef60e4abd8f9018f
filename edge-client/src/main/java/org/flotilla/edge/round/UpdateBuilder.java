package org.flotilla.edge.round;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.flotilla.edge.bundle.BundleUpdate;
import org.flotilla.edge.training.TrainingResult;
import org.flotilla.model.bundle.RoundMetrics;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.network.Networks;
import org.flotilla.model.protocol.ExtraMetric;
import org.flotilla.model.wire.UpdateMetrics;
import org.flotilla.privacy.mechanism.ClippedUpdate;
import org.flotilla.privacy.mechanism.GaussianNoise;
import org.flotilla.privacy.mechanism.L2Clipping;
import org.flotilla.privacy.mechanism.LocalGaussianNoise;

/**
 * Turns a training result into what leaves the device: the update {@code local − global},
 * clipped to {@code clipNorm} when it is set ({@link L2Clipping}, whose bound holds after rounding
 * to {@code float}) and, under local differential privacy ({@code localNoiseMultiplier}), noised
 * on the device ({@link LocalGaussianNoise}), encoded with {@link WeightsCodec}, and aggregate
 * metrics. Nothing per example goes in: counts, means, timings and norms only; under local DP
 * not even the update's norm, its clipped bit or the held-out figures, which would tell the
 * coordinator about the data without noise. An {@link UpdateTransform} (research and tests only)
 * may replace the delta just before encoding. A round a code bundle trained is formed the same
 * way from the parameters its program returned.
 */
final class UpdateBuilder {

    /** The keys this client puts in {@code UpdateMetrics.extra}, all aggregate numbers. */
    static final Set<String> EXTRA_KEYS = EnumSet.allOf(ExtraMetric.class).stream().map(ExtraMetric::key)
            .collect(Collectors.toUnmodifiableSet());

    /** One secure noise source for the process: predictable noise would protect nothing. */
    private static final GaussianNoise NOISE = GaussianNoise.secure();

    private UpdateBuilder() {
    }

    static Update build(TrainingResult result, float[] global, RoundSettings settings, long examples,
                        EvaluationResult heldOut, double wallSeconds, int averagingFrequency,
                        UnaryOperator<float[]> transform) {
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put(ExtraMetric.EPOCHS.key(), (double) result.epochs());
        extra.put(ExtraMetric.AVERAGING_FREQUENCY.key(), (double) averagingFrequency);
        extra.put(ExtraMetric.AVERAGINGS.key(), (double) result.averagings());
        float[] delta = delta(result.parameters(), global, settings, transform, extra);
        boolean reportHeldOut = settings.localNoiseMultiplier() <= 0 && heldOut != null && heldOut.examples() > 0;
        UpdateMetrics metrics = new UpdateMetrics(examples, finite(result.trainLoss()), finite(result.trainAccuracy()),
                reportHeldOut ? heldOut.loss() : null, reportHeldOut ? heldOut.accuracy() : null,
                wallSeconds, result.trainSeconds(), result.samplesPerSecond(), result.workers(),
                result.parallelism().tlp(), extra);
        return new Update(WeightsCodec.encode(delta), metrics);
    }

    /**
     * The update of a round a code bundle trained: the parameters its program returned and its
     * (already validated) aggregate metrics; the device forms, clips, noises and encodes the delta
     * itself, as for its own training.
     */
    static Update build(BundleUpdate trained, float[] global, RoundSettings settings, double wallSeconds,
                        UnaryOperator<float[]> transform) {
        RoundMetrics m = trained.metrics();
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put(ExtraMetric.BUNDLE.key(), 1.0);
        float[] delta = delta(trained.parameters(), global, settings, transform, extra);
        UpdateMetrics metrics = new UpdateMetrics(trained.examples(), m.trainLoss(), m.trainAccuracy(), null, null,
                wallSeconds, m.trainSeconds(), m.samplesPerSecond(), m.workers(), m.threadLevelParallelism(), extra);
        return new Update(WeightsCodec.encode(delta), metrics);
    }

    /**
     * {@code local − global}, clipped when asked, noised under local DP, then transformed; the
     * norm and the clipped bit go into {@code extra} (not under local DP).
     */
    private static float[] delta(float[] local, float[] global, RoundSettings settings, UnaryOperator<float[]> transform,
                                 Map<String, Double> extra) {
        float[] delta = Networks.delta(local, global);
        double norm = L2Clipping.norm(delta);
        boolean clipped = false;
        if (settings.clipNorm() > 0) {
            ClippedUpdate c = L2Clipping.clip(delta, settings.clipNorm());
            delta = c.update();
            clipped = c.clipped();
        }
        boolean localDp = settings.localNoiseMultiplier() > 0;
        if (localDp) {
            delta = new LocalGaussianNoise(settings.clipNorm(), settings.localNoiseMultiplier()).privatize(delta, NOISE);
        }
        int length = delta.length;
        delta = transform.apply(delta);
        if (delta == null || delta.length != length) {
            throw new IllegalStateException("the update transform must return a delta of " + length + " elements");
        }
        if (localDp) {
            extra.put(ExtraMetric.LOCAL_NOISE_MULTIPLIER.key(), settings.localNoiseMultiplier());
        } else {
            extra.put(ExtraMetric.UPDATE_NORM.key(), norm);
            extra.put(ExtraMetric.CLIPPED.key(), clipped ? 1.0 : 0.0);
        }
        return delta;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }

    /** The encoded update and its metrics. */
    record Update(byte[] encoded, UpdateMetrics metrics) {
    }
}
