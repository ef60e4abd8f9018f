package org.flotilla.model.zoo;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.PlanException;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The built-in architectures, by name:
 * <ul>
 *   <li>{@code logreg}: multinomial logistic regression (one softmax layer);</li>
 *   <li>{@code mlp}: the "2NN" of McMahan et al. 2017 ("Communication-Efficient Learning of Deep
 *       Networks from Decentralized Data"), hidden layers 200-200 with ReLU by default: 199,210
 *       parameters on 28x28 inputs;</li>
 *   <li>{@code cnn}: the CNN of the same paper: 5x5 conv 32, 2x2 max-pool, 5x5 conv 64, 2x2
 *       max-pool, dense 512 ReLU, softmax; 1,663,370 parameters on 28x28x1 inputs.</li>
 * </ul>
 * All use a softmax output with cross-entropy loss and He (ReLU) initialisation.
 */
public final class Architectures {

    /** Names accepted by {@link #configuration}. */
    public static final List<String> NAMES = List.of("logreg", "mlp", "cnn");

    private Architectures() {
    }

    /**
     * The DL4J configuration of a built-in architecture.
     *
     * @param name       one of {@link #NAMES}
     * @param params     optional architecture parameters: {@code hidden} (list of layer widths, mlp),
     *                   {@code conv1}, {@code conv2}, {@code dense} (cnn)
     * @param inputShape {@code [channels, height, width]} or {@code [features]}
     * @param numClasses number of labels
     * @param optimizer  the client optimizer baked into the configuration
     * @param seed       seed of the initial weights
     */
    public static MultiLayerConfiguration configuration(String name, Map<String, ?> params, int[] inputShape,
                                                        int numClasses, Optimizer optimizer, long seed) {
        Map<String, ?> p = params == null ? Map.of() : params;
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(optimizer.toUpdater())
                .weightInit(WeightInit.RELU)
                .list();
        int features = 1;
        for (int d : inputShape) {
            features *= d;
        }
        return switch (key) {
            case "logreg" -> list
                    .layer(output(numClasses))
                    .setInputType(InputType.feedForward(features))
                    .build();
            case "mlp" -> {
                for (int width : intList(p, "hidden", List.of(200, 200))) {
                    list.layer(new DenseLayer.Builder().nOut(width).activation(Activation.RELU).build());
                }
                yield list.layer(output(numClasses)).setInputType(InputType.feedForward(features)).build();
            }
            case "cnn" -> {
                if (inputShape.length != 3) {
                    throw new PlanException("inputShape", "[channels, height, width] for the cnn", java.util.Arrays.toString(inputShape));
                }
                yield list
                        .layer(new ConvolutionLayer.Builder(5, 5).nOut(intParam(p, "conv1", 32))
                                .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build())
                        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                                .kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Same).build())
                        .layer(new ConvolutionLayer.Builder(5, 5).nOut(intParam(p, "conv2", 64))
                                .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build())
                        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                                .kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Same).build())
                        .layer(new DenseLayer.Builder().nOut(intParam(p, "dense", 512)).activation(Activation.RELU).build())
                        .layer(output(numClasses))
                        .setInputType(InputType.convolutionalFlat(inputShape[1], inputShape[2], inputShape[0]))
                        .build();
            }
            default -> throw new PlanException("model.name", "one of " + NAMES, name);
        };
    }

    private static OutputLayer output(int numClasses) {
        return new OutputLayer.Builder(LossFunction.MCXENT).nOut(numClasses)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
    }

    private static int intParam(Map<String, ?> p, String key, int dflt) {
        Object v = p.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() > 0 && n.intValue() <= 65_536) {
            return n.intValue();
        }
        throw new PlanException("model." + key, "a positive whole number up to 65536", v);
    }

    private static List<Integer> intList(Map<String, ?> p, String key, List<Integer> dflt) {
        Object v = p.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.size() <= 16) {
            return l.stream().map(x -> intParam(Map.of(key, x), key, 0)).toList();
        }
        throw new PlanException("model." + key, "a list of 1 to 16 layer widths", v);
    }
}
