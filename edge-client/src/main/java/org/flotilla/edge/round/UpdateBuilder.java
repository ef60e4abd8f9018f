package org.flotilla.edge.round;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.flotilla.edge.training.TrainingResult;
import org.flotilla.edge.training.UpdateClipping;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.network.Networks;
import org.flotilla.model.wire.UpdateMetrics;

/**
 * Turns a training result into what leaves the device: the update {@code local − global}
 * (clipped when {@code clipNorm} is set), encoded with {@link WeightsCodec}, and aggregate
 * metrics. Nothing per example goes in: counts, means, timings and norms only. An
 * {@link UpdateTransform} (research and tests only) may replace the delta just before encoding.
 */
final class UpdateBuilder {

    /** The keys this client puts in {@code UpdateMetrics.extra}, all aggregate numbers. */
    static final Set<String> EXTRA_KEYS = Set.of("epochs", "averagingFrequency", "averagings", "updateNorm", "clipped");

    private UpdateBuilder() {
    }

    static Update build(TrainingResult result, float[] global, RoundSettings settings, long examples,
                        EvaluationResult heldOut, double wallSeconds, int averagingFrequency,
                        UnaryOperator<float[]> transform) {
        float[] delta = Networks.delta(result.parameters(), global);
        double norm = UpdateClipping.norm(delta);
        boolean clipped = false;
        if (settings.clipNorm() > 0) {
            UpdateClipping.Result c = UpdateClipping.clip(delta, settings.clipNorm());
            delta = c.delta();
            clipped = c.clipped();
        }
        int length = delta.length;
        delta = transform.apply(delta);
        if (delta == null || delta.length != length) {
            throw new IllegalStateException("the update transform must return a delta of " + length + " elements");
        }
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("epochs", (double) result.epochs());
        extra.put("averagingFrequency", (double) averagingFrequency);
        extra.put("averagings", (double) result.averagings());
        extra.put("updateNorm", norm);
        extra.put("clipped", clipped ? 1.0 : 0.0);
        UpdateMetrics metrics = new UpdateMetrics(examples, finite(result.trainLoss()), finite(result.trainAccuracy()),
                heldOut == null || heldOut.examples() == 0 ? null : heldOut.loss(),
                heldOut == null || heldOut.examples() == 0 ? null : heldOut.accuracy(),
                wallSeconds, result.trainSeconds(), result.samplesPerSecond(), result.workers(),
                result.parallelism().tlp(), extra);
        return new Update(WeightsCodec.encode(delta), metrics);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }

    /** The encoded update and its metrics. */
    record Update(byte[] encoded, UpdateMetrics metrics) {
    }
}
