package org.flotilla.model.bundle.host;

import java.util.Arrays;
import java.util.Map;

import org.flotilla.model.bundle.EvalRequest;
import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.bundle.ModelInfo;
import org.flotilla.model.bundle.ProgramContext;
import org.flotilla.model.bundle.RoundMetrics;
import org.flotilla.model.bundle.RoundResult;
import org.flotilla.model.bundle.Settings;
import org.flotilla.model.bundle.TrainRequest;
import org.flotilla.model.bundle.TrainingProgram;

/** Programs for the host's in-process tests. */
public final class TestPrograms {

    private TestPrograms() {
    }

    /**
     * {@code parameters} (setting, default 10) parameters {@code seed + i}; a round adds 1 to each,
     * an evaluation reports the mean parameter as its loss. Settings of a round make it misbehave:
     * {@code sleepMillis} (until stopped), {@code fail}, {@code extraParameters}, {@code nan}.
     */
    public static final class Echo implements TrainingProgram {

        private int n;

        @Override
        public ModelInfo build(ProgramContext context) {
            n = context.settings().wholeNumber("parameters", 10, 1, 10_000_000);
            float[] p = new float[n];
            for (int i = 0; i < n; i++) {
                p[i] = context.seed() + i;
            }
            return new ModelInfo(p, "echo of " + n);
        }

        @Override
        public RoundResult train(ProgramContext context, TrainRequest request) throws InterruptedException {
            Settings s = request.settings();
            long sleep = (long) s.number("sleepMillis", 0, 0, 600_000);
            for (long t = 0; t < sleep && !context.stop().isRequested(); t += 10) {
                Thread.sleep(10);
            }
            if (s.number("fail", 0, 0, 1) == 1) {
                throw new IllegalStateException("asked to fail");
            }
            int extra = s.wholeNumber("extraParameters", 0, -n + 1, 1000);
            float[] out = Arrays.copyOf(request.globalParameters(), n + extra);
            for (int i = 0; i < Math.min(n, out.length); i++) {
                out[i] += 1;
            }
            if (s.has("nan")) {
                out[0] = Float.NaN;
            }
            return new RoundResult(out, context.train().size(), new RoundMetrics(0.5, 0.75, 0.01, 100,
                    context.workers(), 1.0, Map.of("round", (double) request.round())));
        }

        @Override
        public Evaluation evaluate(ProgramContext context, EvalRequest request) {
            double sum = 0;
            for (float v : request.parameters()) {
                sum += v;
            }
            return new Evaluation(context.heldOut().orElseThrow().size(), Math.abs(sum / request.parameters().length), 0.5);
        }
    }

    /** Not a program at all. */
    public static final class NotAProgram {
    }

    /** A program whose build fails. */
    public static final class BrokenBuild implements TrainingProgram {

        @Override
        public ModelInfo build(ProgramContext context) {
            throw new UnsupportedOperationException("this data has " + context.train().featureCount() + " features");
        }

        @Override
        public RoundResult train(ProgramContext context, TrainRequest request) {
            throw new AssertionError();
        }

        @Override
        public Evaluation evaluate(ProgramContext context, EvalRequest request) {
            throw new AssertionError();
        }
    }
}
