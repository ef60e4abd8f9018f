package org.flotilla.edge.training;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Frees a network's native buffers (parameters, gradients, optimizer state) as soon as it is no
 * longer needed, instead of waiting for the garbage collector. {@code MultiLayerNetwork.close()}
 * does this too, but it also destroys the calling thread's workspaces and calls
 * {@code System.gc()}, about 100 ms each time: too slow for replicas made every round.
 */
public final class NetworkMemory {

    private NetworkMemory() {
    }

    /** Releases {@code network}'s buffers; the network must not be used afterwards. */
    public static void release(MultiLayerNetwork network) {
        Updater updater = network.getUpdater(false);
        close(updater == null ? null : updater.getStateViewArray());
        close(network.getFlattenedGradients());
        close(network.params());
    }

    private static void close(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }
}
