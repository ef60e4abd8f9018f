package org.flotilla.bench.throughput;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times single libnd4j operations at the cnn's shapes (batch 32): conv2d / conv2d_bp of the
 * second convolution, max pooling, and the equivalent im2col GEMM, so a native build can be
 * judged without DL4J's layer code around it. Prints median milliseconds of each.
 */
public final class OpProbe {

    private OpProbe() {
    }

    public static void main(String[] args) {
        int b = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        System.out.println("# " + NativeInfo.describe());
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, b, 32, 14, 14);
        INDArray w = Nd4j.rand(DataType.FLOAT, 64, 32, 5, 5).subi(0.5);
        INDArray bias = Nd4j.rand(DataType.FLOAT, 64);
        INDArray y = Nd4j.create(DataType.FLOAT, b, 64, 14, 14);
        INDArray gy = Nd4j.rand(DataType.FLOAT, b, 64, 14, 14);
        INDArray gx = Nd4j.create(DataType.FLOAT, b, 32, 14, 14);
        INDArray gw = Nd4j.create(DataType.FLOAT, 64, 32, 5, 5);
        INDArray gb = Nd4j.create(DataType.FLOAT, 64);
        int[] conv = {5, 5, 1, 1, 0, 0, 1, 1, 1, 0, 1};
        DynamicCustomOp fwd = DynamicCustomOp.builder("conv2d").addInputs(x, w, bias).addOutputs(y)
                .addIntegerArguments(conv).build();
        DynamicCustomOp bwd = DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, bias, gy)
                .addOutputs(gx, gw, gb).addIntegerArguments(conv).build();
        INDArray p = Nd4j.create(DataType.FLOAT, b, 64, 7, 7);
        INDArray gp = Nd4j.rand(DataType.FLOAT, b, 64, 7, 7);
        int[] pool = {2, 2, 2, 2, 0, 0, 1, 1, 1, 0, 0};
        DynamicCustomOp mp = DynamicCustomOp.builder("maxpool2d").addInputs(y).addOutputs(p)
                .addIntegerArguments(pool).build();
        DynamicCustomOp mpb = DynamicCustomOp.builder("maxpool2d_bp").addInputs(y, gp).addOutputs(gy)
                .addIntegerArguments(pool).build();
        INDArray a = Nd4j.rand(DataType.FLOAT, 64, 800);
        INDArray col = Nd4j.rand(DataType.FLOAT, 800, 196L * b);
        INDArray out = Nd4j.create(DataType.FLOAT, 64, 196L * b);
        double flop = 2.0 * 64 * 800 * 196 * b;
        time("conv2d fwd (conv2)", () -> Nd4j.exec(fwd), flop);
        time("conv2d_bp (conv2)", () -> Nd4j.exec(bwd), 2 * flop);
        time("maxpool2d", () -> Nd4j.exec(mp), 0);
        time("maxpool2d_bp", () -> Nd4j.exec(mpb), 0);
        time("gemm 64x800 * 800x(196b)", () -> Nd4j.gemm(a, col, out, false, false, 1.0, 0.0), flop);
    }

    private static void time(String name, Runnable r, double flop) {
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        double[] ms = new double[9];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-28s median %8.2f ms  min %8.2f  max %8.2f %s%n", name, ms[4], ms[0], ms[8],
                flop > 0 ? String.format("(%.1f GFLOP/s at median)", flop / ms[4] / 1e6) : "");
    }
}
