package org.flotilla.bench.throughput;

import java.util.Map;
import org.flotilla.model.plan.TrainingPlan;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.nd4j.weightinit.impl.ReluInitScheme;

/** The same model as a SameDiff graph (NCHW, He initialisation, softmax cross-entropy, plain SGD). */
final class SameDiffTrainer implements Trainer {

    private final SameDiff sd = SameDiff.create();
    private final String outputName;

    SameDiffTrainer(TrainingPlan plan) {
        Nd4j.getRandom().setSeed(plan.seed());
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 784);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, plan.numClasses());
        SDVariable h;
        long fanIn;
        if (plan.architecture().equals("cnn")) {
            SDVariable x = sd.reshape(in, sd.constant(Nd4j.createFromArray(-1L, 1L, 28L, 28L)));
            x = conv(x, "c1", 1, 32);
            x = pool(x);
            x = conv(x, "c2", 32, 64);
            x = pool(x);
            x = sd.reshape(x, sd.constant(Nd4j.createFromArray(-1L, 7L * 7 * 64)));
            h = dense(x, "d1", 7 * 7 * 64, 512, true);
            fanIn = 512;
        } else {
            h = dense(in, "d1", 784, 200, true);
            h = dense(h, "d2", 200, 200, true);
            fanIn = 200;
        }
        SDVariable w = sd.var("out_w", new XavierInitScheme('c', fanIn, plan.numClasses()), DataType.FLOAT,
                fanIn, plan.numClasses());
        SDVariable b = sd.zero("out_b", DataType.FLOAT, plan.numClasses());
        SDVariable logits = h.mmul(w).add(b);
        SDVariable out = sd.nn.softmax("out", logits, 1);
        outputName = out.name();
        sd.loss.softmaxCrossEntropy("loss", label, logits, null);
        sd.setTrainingConfig(TrainingConfig.builder().updater(plan.optimizer().toUpdater())
                .dataSetFeatureMapping("in").dataSetLabelMapping("label").build());
    }

    private SDVariable dense(SDVariable x, String name, long nIn, long nOut, boolean relu) {
        SDVariable w = sd.var(name + "_w", new ReluInitScheme('c', nIn), DataType.FLOAT, nIn, nOut);
        SDVariable b = sd.zero(name + "_b", DataType.FLOAT, nOut);
        SDVariable z = x.mmul(w).add(b);
        return relu ? sd.nn.relu(z, 0) : z;
    }

    private SDVariable conv(SDVariable x, String name, long inC, long outC) {
        SDVariable w = sd.var(name + "_w", new ReluInitScheme('c', inC * 25), DataType.FLOAT, 5, 5, inC, outC);
        SDVariable b = sd.zero(name + "_b", DataType.FLOAT, outC);
        SDVariable y = sd.cnn.conv2d(x, w, b, Conv2DConfig.builder().kH(5).kW(5).sH(1).sW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NCHW").build());
        return sd.nn.relu(y, 0);
    }

    private SDVariable pool(SDVariable x) {
        return sd.cnn.maxPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                .paddingMode(PaddingMode.SAME).isNHWC(false).build());
    }

    @Override
    public void fit(INDArray features, INDArray labels) {
        sd.fit(new DataSet(features, labels));
    }

    @Override
    public INDArray output(INDArray features) {
        return sd.output(Map.of("in", features), outputName).get(outputName);
    }

    @Override
    public void close() {
        // SameDiff holds its arrays until it is garbage collected.
    }
}
