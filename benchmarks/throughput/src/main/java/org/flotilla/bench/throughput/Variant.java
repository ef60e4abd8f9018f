package org.flotilla.bench.throughput;

import java.util.Arrays;
import java.util.Locale;

/** How a training step is executed. */
enum Variant {
    /** {@code MultiLayerNetwork.fit} on the network {@code Networks.build(plan)} makes (what the edge client runs). */
    DL4J("dl4j"),
    /** As {@link #DL4J} with {@code WorkspaceMode.NONE} for training and inference. */
    DL4J_NO_WORKSPACES("dl4j-nows"),
    /** As {@link #DL4J}, convolution and pooling layers in {@code CNN2DFormat.NHWC}. */
    DL4J_NHWC("dl4j-nhwc"),
    /** The same model written in SameDiff, trained with {@code SameDiff.fit}. */
    SAMEDIFF("samediff"),
    /** Flotilla's training kernels ({@code org.flotilla.kernels}) on the same parameters. */
    KERNELS("kernels");

    final String id;

    Variant(String id) {
        this.id = id;
    }

    static Variant parse(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.id.equals(k)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("--variant must be one of "
                        + Arrays.stream(values()).map(v -> v.id).toList() + ", was " + s));
    }
}
