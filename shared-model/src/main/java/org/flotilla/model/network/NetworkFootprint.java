package org.flotilla.model.network;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.conf.memory.NetworkMemoryReport;
import org.flotilla.model.plan.PlanException;
import org.flotilla.model.plan.TrainingPlan;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a plan's network costs before it is built: its parameter count and the memory one replica
 * needs to train on a mini-batch, from DL4J's own memory report of the configuration (parameters,
 * gradients, updater state and the activations of a batch; {@code MultiLayerConfiguration
 * .getMemoryReport}). Nothing is allocated: a device can decline a plan it cannot hold before the
 * first byte of it exists, and the coordinator can size aggregation from the parameter count.
 *
 * @param parameters     float32 parameters of the network
 * @param trainingBytes  native memory one replica needs to train on a batch of {@code batchSize}
 * @param batchSize      the batch size {@code trainingBytes} is for (the plan's)
 * @param fromReport     whether {@code trainingBytes} comes from DL4J's memory report; when the
 *                       report cannot follow the configuration it is a lower bound from the
 *                       parameters alone (parameters, gradients and two updater states)
 */
public record NetworkFootprint(long parameters, long trainingBytes, int batchSize, boolean fromReport) {

    /** Bytes of one float32 parameter. */
    public static final int FLOAT_BYTES = 4;

    /**
     * The footprint of {@code plan}'s network at the plan's batch size. Runs every plan check of
     * {@link Networks#configuration} (the class list, the layer types) and the parameter limit.
     *
     * @throws PlanException when the plan is not usable
     */
    public static NetworkFootprint of(TrainingPlan plan) {
        return of(plan, Networks.DEFAULT_MAX_PARAMETERS);
    }

    /** As {@link #of(TrainingPlan)} with an explicit parameter limit. */
    public static NetworkFootprint of(TrainingPlan plan, long maxParameters) {
        MultiLayerConfiguration conf = Networks.configuration(plan);
        long params;
        try {
            params = Networks.parameterCount(conf);
        } catch (RuntimeException e) {
            throw new PlanException("networkConfiguration", "the network's parameter count cannot be computed: "
                    + e.getMessage());
        }
        if (params > maxParameters) {
            throw new PlanException("networkConfiguration", "the network has " + params
                    + " parameters, more than the limit of " + maxParameters);
        }
        int batch = plan.batchSize();
        try {
            NetworkMemoryReport report = conf.getMemoryReport(InputType.feedForward(plan.featureCount()));
            long bytes = report.getTotalMemoryBytes(batch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
            if (bytes > 0) {
                return new NetworkFootprint(params, Math.max(bytes, parametersOnly(params)), batch, true);
            }
        } catch (RuntimeException reportCannotFollow) {
            // e.g. a custom configuration without input pre-processors: fall back to the parameters
        }
        return new NetworkFootprint(params, parametersOnly(params), batch, false);
    }

    /** Parameters, gradients and two updater states (Adam's), float32. */
    private static long parametersOnly(long params) {
        return saturatedMultiply(params, 4L * FLOAT_BYTES);
    }

    /** Bytes of one copy of the parameters as float32 (a {@code float[]}, a decoded update). */
    public long parameterBytes() {
        return saturatedMultiply(parameters, FLOAT_BYTES);
    }

    /** {@code a × b}, or {@link Long#MAX_VALUE} when it does not fit. */
    static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
