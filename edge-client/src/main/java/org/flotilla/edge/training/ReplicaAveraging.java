package org.flotilla.edge.training;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Replaces every replica's parameters, and its optimizer state when it has one (momentum, Adam
 * moments), by their weighted mean. Runs while the workers wait, so it needs no locking.
 */
final class ReplicaAveraging {

    private ReplicaAveraging() {
    }

    /**
     * @param weights one non-negative weight per replica (examples it processed since the last
     *                averaging)
     * @return false when all weights are 0 and nothing was done
     */
    static boolean average(List<MultiLayerNetwork> replicas, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        if (total <= 0) {
            return false;
        }
        averageViews(replicas.stream().map(MultiLayerNetwork::params).toList(), weights, total);
        List<INDArray> states = replicas.stream().map(r -> r.getUpdater().getStateViewArray()).toList();
        if (states.stream().allMatch(s -> s != null && !s.isEmpty())) {
            averageViews(states, weights, total);
        }
        return true;
    }

    private static void averageViews(List<INDArray> views, double[] weights, double total) {
        try (INDArray mean = Nd4j.zeros(views.get(0).dataType(), views.get(0).shape())) {
            for (int i = 0; i < views.size(); i++) {
                if (weights[i] > 0) {
                    Nd4j.getBlasWrapper().level1().axpy(mean.length(), weights[i] / total, views.get(i), mean);
                }
            }
            for (INDArray v : views) {
                v.assign(mean);
            }
        }
    }
}
