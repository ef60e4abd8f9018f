package org.flotilla.edge.training;

import java.util.Optional;

import org.bytedeco.javacpp.Pointer;
import org.flotilla.model.network.NetworkFootprint;

/**
 * Whether a plan's training fits this device, asked before anything is built: the footprint of
 * one replica at the plan's batch size ({@link NetworkFootprint}: parameters, gradients, updater
 * state, activations) times the replicas, against the native memory ND4J may still allocate
 * (JavaCPP's {@code maxBytes} less what is allocated now). A plan that does not fit is declined
 * {@code INSUFFICIENT_MEMORY} instead of running the process out of memory.
 */
public final class DeviceMemory {

    private DeviceMemory() {
    }

    /** Why {@code footprint} × {@code replicas} does not fit, or empty when it does. */
    public static Optional<String> shortfall(NetworkFootprint footprint, int replicas) {
        long need = footprint.trainingBytes() > Long.MAX_VALUE / Math.max(1, replicas) ? Long.MAX_VALUE
                : footprint.trainingBytes() * replicas;
        long limit = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : Runtime.getRuntime().maxMemory();
        long free = Math.max(0, limit - Pointer.totalBytes());
        if (need <= free) {
            return Optional.empty();
        }
        return Optional.of("training this plan needs about " + mb(need) + " MB (" + replicas + " replica(s) × "
                + mb(footprint.trainingBytes()) + " MB at batch size " + footprint.batchSize() + ", "
                + footprint.parameters() + " parameters); this device has " + mb(free) + " MB of native memory free");
    }

    private static long mb(long bytes) {
        return bytes == Long.MAX_VALUE ? Long.MAX_VALUE : (bytes + (1 << 20) - 1) >> 20;
    }
}
