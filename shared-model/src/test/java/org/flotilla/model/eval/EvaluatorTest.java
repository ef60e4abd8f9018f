package org.flotilla.model.eval;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlans;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.TestDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluatorTest {

    /** Two linearly separable classes in 2-D: a trained logistic regression must get them all. */
    private static DataSet separable(int n, long seed) {
        var rnd = new java.util.SplittableRandom(seed);
        float[][] x = new float[n][2];
        float[][] y = new float[n][2];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            x[i][0] = (float) (c == 0 ? -2 + rnd.nextGaussian() * 0.3 : 2 + rnd.nextGaussian() * 0.3);
            x[i][1] = (float) rnd.nextGaussian();
            y[i][c] = 1;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    @Test
    void accuracyLossAndConfusionOfATrainedClassifier() {
        var plan = TrainingPlans.builtIn("logreg", Map.of(), new int[]{2}, 2, 1, 16, new Optimizer("sgd", 0.5, 0), 7, Map.of());
        MultiLayerNetwork net = Networks.build(plan);
        DataSet train = separable(200, 1);
        DataSetIterator before = new TestDataSetIterator(separable(100, 2), 25);
        double lossBefore = Evaluator.evaluate(net, before).loss();
        for (int i = 0; i < 50; i++) {
            net.fit(train);
        }

        EvaluationResult r = Evaluator.evaluate(net, new TestDataSetIterator(separable(100, 2), 25));

        assertThat(r.examples()).isEqualTo(100);
        assertThat(r.accuracy()).isEqualTo(1.0);
        assertThat(r.loss()).isLessThan(lossBefore).isPositive();
        assertThat(r.confusion()).isDeepEqualTo(new long[][]{{50, 0}, {0, 50}});
    }

    @Test
    void lossIsTheMeanCrossEntropyPerExample() {
        var plan = TrainingPlans.builtIn("logreg", Map.of(), new int[]{2}, 2, 1, 16, Optimizer.DEFAULT, 7, Map.of());
        MultiLayerNetwork net = Networks.build(plan);
        DataSet data = separable(10, 3);
        var probs = net.output(data.getFeatures());
        double expected = 0;
        for (int i = 0; i < 10; i++) {
            expected -= Math.log(probs.getDouble(i, i % 2));
        }
        EvaluationResult r = Evaluator.evaluate(net, new TestDataSetIterator(data, 4));
        assertThat(r.loss()).isCloseTo(expected / 10, within(1e-5));
        assertThat(List.of(r.accuracy())).allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
    }
}
