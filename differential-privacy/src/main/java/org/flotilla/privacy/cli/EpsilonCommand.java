package org.flotilla.privacy.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.flotilla.privacy.accounting.NoiseCalibration;
import org.flotilla.privacy.accounting.PrivacySpent;
import org.flotilla.privacy.accounting.RdpAccountant;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code privacy epsilon}: with {@code --noise-multiplier}, the ε that T rounds of the sampled
 * Gaussian mechanism at rate q spend at δ; with {@code --epsilon} instead, the smallest noise
 * multiplier that keeps them within it. One line of JSON on stdout.
 */
@Command(name = "epsilon", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Epsilon spent by T rounds of DP-FedAvg with Poisson sampling (RDP accountant),",
            "or with --epsilon the smallest noise multiplier that stays within it."})
final class EpsilonCommand implements Callable<Integer> {

    static final double MAX_EPSILON = 1000;
    static final long MAX_STEPS = 1_000_000_000L;

    @Spec
    private CommandSpec spec;

    @Option(names = "--sampling-rate", required = true, paramLabel = "Q",
            description = "probability that a client takes part in a round, in (0, 1]")
    private double samplingRate;

    @Option(names = "--steps", required = true, paramLabel = "T", description = "number of rounds, 1 to " + MAX_STEPS)
    private long steps;

    @Option(names = "--delta", required = true, paramLabel = "D", description = "delta, in (0, 1); 1/N or less for N clients")
    private double delta;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Noise noise;

    static final class Noise {
        @Option(names = "--noise-multiplier", paramLabel = "Z",
                description = "noise standard deviation over the clip norm, in (0, " + (long) NoiseCalibration.MAX_NOISE_MULTIPLIER + "]")
        Double noiseMultiplier;

        @Option(names = "--epsilon", paramLabel = "E",
                description = "target epsilon, in (0, " + (long) MAX_EPSILON + "]: print the smallest noise multiplier that meets it")
        Double epsilon;
    }

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (noise.noiseMultiplier != null) {
            PrivacySpent spent = RdpAccountant.create().compose(samplingRate, noise.noiseMultiplier, steps).epsilon(delta);
            if (!spent.isBounded()) {
                err.println("privacy: no finite epsilon for these settings; raise --noise-multiplier or lower --sampling-rate");
                err.flush();
                return 1;
            }
            out.println(Json.object("epsilon", spent.epsilon(), "delta", spent.delta(), "order", spent.order(),
                    "accountant", spent.accountant()));
            out.flush();
            return 0;
        }
        Optional<NoiseCalibration.Calibration> found =
                NoiseCalibration.smallestNoiseMultiplier(samplingRate, steps, delta, noise.epsilon);
        if (found.isEmpty()) {
            err.printf("privacy: no noise multiplier up to %d keeps epsilon within %s; raise --epsilon or --delta,"
                    + " or lower --steps or --sampling-rate%n", (long) NoiseCalibration.MAX_NOISE_MULTIPLIER, noise.epsilon);
            err.flush();
            return 1;
        }
        NoiseCalibration.Calibration calibration = found.get();
        PrivacySpent spent = calibration.spent();
        out.println(Json.object("noiseMultiplier", calibration.noiseMultiplier(), "epsilon", spent.epsilon(),
                "delta", spent.delta(), "order", spent.order(), "accountant", spent.accountant()));
        out.flush();
        return 0;
    }

    private void validate() {
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw usage("--sampling-rate must be above 0 and at most 1, was " + samplingRate);
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw usage("--steps must be from 1 to " + MAX_STEPS + ", was " + steps);
        }
        if (!(delta > 0 && delta < 1)) {
            throw usage("--delta must be above 0 and below 1, was " + delta);
        }
        if (noise.noiseMultiplier != null
                && !(noise.noiseMultiplier > 0 && noise.noiseMultiplier <= NoiseCalibration.MAX_NOISE_MULTIPLIER)) {
            throw usage("--noise-multiplier must be above 0 and at most " + (long) NoiseCalibration.MAX_NOISE_MULTIPLIER
                    + ", was " + noise.noiseMultiplier);
        }
        if (noise.epsilon != null && !(noise.epsilon > 0 && noise.epsilon <= MAX_EPSILON)) {
            throw usage("--epsilon must be above 0 and at most " + (long) MAX_EPSILON + ", was " + noise.epsilon);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
