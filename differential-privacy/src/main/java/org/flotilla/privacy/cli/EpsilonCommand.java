package org.flotilla.privacy.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.Locale;
import org.flotilla.privacy.Accountants;
import org.flotilla.privacy.accounting.AccountingStep;
import org.flotilla.privacy.accounting.NoiseCalibration;
import org.flotilla.privacy.accounting.PrivacyAccountant;
import org.flotilla.privacy.accounting.PrivacySpent;
import org.flotilla.privacy.accounting.pld.PldAccountant;
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
        description = {"Epsilon spent by T rounds of DP-FedAvg with Poisson sampling (RDP accountant, or PLD),",
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

    @Option(names = "--accountant", paramLabel = "NAME", defaultValue = "rdp",
            description = "rdp (default) or pld (tighter, slower; at most " + PldAccountant.MAX_ROUNDS + " steps)")
    private String accountant;

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
        try {
            return compute();
        } catch (IllegalArgumentException e) {
            if (accountant.equals(PldAccountant.NAME)) {
                throw usage("--accountant pld cannot handle these settings: " + e.getMessage()
                        .replaceFirst("; use the RDP accountant$", "").replaceFirst("; use a coarser grid or the RDP accountant$", "")
                        + "; use --accountant rdp");
            }
            throw e;
        }
    }

    private int compute() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrivacyAccountant empty = Accountants.empty(accountant);
        if (noise.noiseMultiplier != null) {
            PrivacySpent spent = empty.compose(new AccountingStep(samplingRate, noise.noiseMultiplier, steps)).epsilon(delta);
            if (!spent.isBounded()) {
                err.println("privacy: no finite epsilon for these settings; raise --noise-multiplier or lower --sampling-rate");
                err.flush();
                return 1;
            }
            out.println(json(null, spent));
            out.flush();
            return 0;
        }
        Optional<NoiseCalibration.Calibration> found =
                NoiseCalibration.smallestNoiseMultiplier(samplingRate, steps, delta, noise.epsilon, empty);
        if (found.isEmpty()) {
            err.printf("privacy: no noise multiplier up to %d keeps epsilon within %s; raise --epsilon or --delta,"
                    + " or lower --steps or --sampling-rate%n", (long) NoiseCalibration.MAX_NOISE_MULTIPLIER, noise.epsilon);
            err.flush();
            return 1;
        }
        NoiseCalibration.Calibration calibration = found.get();
        out.println(json(calibration.noiseMultiplier(), calibration.spent()));
        out.flush();
        return 0;
    }

    /** One line: the noise multiplier first when calibrating, the order only for RDP (PLD has none). */
    private static String json(Double noiseMultiplier, PrivacySpent spent) {
        List<Object> fields = new ArrayList<>();
        if (noiseMultiplier != null) {
            fields.add("noiseMultiplier");
            fields.add(noiseMultiplier);
        }
        fields.add("epsilon");
        fields.add(spent.epsilon());
        fields.add("delta");
        fields.add(spent.delta());
        if (!Double.isNaN(spent.order())) {
            fields.add("order");
            fields.add(spent.order());
        }
        fields.add("accountant");
        fields.add(spent.accountant());
        return Json.object(fields.toArray());
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
        accountant = accountant.trim().toLowerCase(Locale.ROOT);
        if (!Accountants.NAMES.contains(accountant)) {
            throw usage("--accountant must be rdp or pld, not '" + accountant + "'");
        }
        if (accountant.equals(PldAccountant.NAME) && steps > PldAccountant.MAX_ROUNDS) {
            throw usage("--steps must be at most " + PldAccountant.MAX_ROUNDS + " with --accountant pld, was " + steps);
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
