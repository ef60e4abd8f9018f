package org.flotilla.model.zoo;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.model.plan.Optimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parameter vector's layout as docs/protocol.md states it, checked against DL4J's flattened
 * view for every built-in architecture: layers in order; per dense or output layer {@code W}
 * ({@code [nIn, nOut]}, column-major) then {@code b}; per convolution layer {@code b} then
 * {@code W} ({@code [nOut, nIn, kH, kW]}, row-major); pooling layers have none.
 */
class ParameterLayoutTest {

    private static MultiLayerNetwork net(String name, Map<String, ?> params, int[] inputShape) {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.configuration(name, params, inputShape, 3,
                Optimizer.DEFAULT, 7));
        net.init();
        return net;
    }

    @Test
    void denseLayersAreWeightsColumnMajorThenBiasInLayerOrder() {
        for (MultiLayerNetwork net : List.of(net("logreg", Map.of(), new int[] {5}),
                net("mlp", Map.of("hidden", List.of(4, 2)), new int[] {5}))) {
            // Execute
            float[] flat = net.params().toFloatVector();
            long offset = 0;
            for (Layer layer : net.getLayers()) {
                // Assert
                assertThat(List.copyOf(layer.paramTable().keySet())).containsExactly("W", "b");
                INDArray w = layer.getParam("W");
                INDArray b = layer.getParam("b");
                long nIn = w.size(0);
                long nOut = w.size(1);
                for (int i = 0; i < nIn; i++) {
                    for (int j = 0; j < nOut; j++) {
                        assertThat(flat[(int) (offset + i + j * nIn)]).isEqualTo(w.getFloat(i, j));
                    }
                }
                offset += nIn * nOut;
                for (int j = 0; j < nOut; j++) {
                    assertThat(flat[(int) (offset + j)]).isEqualTo(b.getFloat(0, j));
                }
                offset += nOut;
            }
            assertThat(offset).isEqualTo(flat.length);
        }
    }

    @Test
    void convolutionLayersAreBiasThenWeightsRowMajorAndPoolingHasNone() {
        // Prepare
        MultiLayerNetwork net = net("cnn", Map.of("conv1", 2, "conv2", 3, "dense", 4), new int[] {1, 8, 8});

        // Execute
        float[] flat = net.params().toFloatVector();

        // Assert
        long offset = 0;
        for (Layer layer : net.getLayers()) {
            List<String> keys = List.copyOf(layer.paramTable().keySet());
            if (keys.isEmpty()) {
                continue; // subsampling
            }
            INDArray w = layer.getParam("W");
            INDArray b = layer.getParam("b");
            if (w.rank() == 4) {
                assertThat(keys).containsExactly("b", "W");
                long nOut = w.size(0);
                for (int o = 0; o < nOut; o++) {
                    assertThat(flat[(int) (offset + o)]).isEqualTo(b.getFloat(0, o));
                }
                offset += nOut;
                long n = 0;
                for (int o = 0; o < w.size(0); o++) {
                    for (int c = 0; c < w.size(1); c++) {
                        for (int y = 0; y < w.size(2); y++) {
                            for (int x = 0; x < w.size(3); x++) {
                                assertThat(flat[(int) (offset + n++)]).isEqualTo(w.getFloat(o, c, y, x));
                            }
                        }
                    }
                }
                offset += n;
            } else {
                assertThat(keys).containsExactly("W", "b");
                long nIn = w.size(0);
                long nOut = w.size(1);
                for (int i = 0; i < nIn; i++) {
                    for (int j = 0; j < nOut; j++) {
                        assertThat(flat[(int) (offset + i + j * nIn)]).isEqualTo(w.getFloat(i, j));
                    }
                }
                offset += nIn * nOut + nOut;
            }
        }
        assertThat(offset).isEqualTo(flat.length);
    }
}
