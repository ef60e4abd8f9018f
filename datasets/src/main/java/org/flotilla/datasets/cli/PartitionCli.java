package org.flotilla.datasets.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.folder.PartitionSummary;
import org.flotilla.datasets.partition.DirichletPartitioner;
import org.flotilla.datasets.partition.IidPartitioner;
import org.flotilla.datasets.partition.Partitioner;
import org.flotilla.datasets.partition.QuantitySkewPartitioner;
import org.flotilla.datasets.partition.QuantitySkewPartitioner.Distribution;
import org.flotilla.datasets.partition.ShardPartitioner;
import org.flotilla.datasets.synthetic.SyntheticFedProx;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code partition}: splits Fashion-MNIST or MNIST among clients by a chosen scheme, or generates
 * Synthetic(alpha, beta) devices, and writes one client folder per client plus
 * {@code summary.json} (format in {@code docs/datasets.md}). Bad arguments give one line on
 * stderr and exit code 2; missing or broken data gives one line and exit code 1.
 */
@Command(name = "partition", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = PartitionCli.Version.class,
        description = "Split a data set among federated clients and write one folder per client.")
public final class PartitionCli implements Callable<Integer> {

    private static final List<String> DATASETS = List.of("fashion-mnist", "mnist", "synthetic");
    private static final List<String> SCHEMES = List.of("iid", "dirichlet", "shards", "quantity");

    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "fashion-mnist, mnist or synthetic")
    private String dataset;

    @Option(names = "--data-dir", paramLabel = "PATH",
            description = "folder with the IDX files (default: $FLOTILLA_DATA, then /usr/share/datasets/<name>)")
    private Path dataDir;

    @Option(names = "--clients", required = true, paramLabel = "N", description = "number of clients")
    private int clients;

    @Option(names = "--scheme", paramLabel = "NAME", defaultValue = "iid",
            description = "iid, dirichlet, shards or quantity (default: ${DEFAULT-VALUE}; not for synthetic)")
    private String scheme;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.5",
            description = "Dirichlet concentration for --scheme dirichlet (default: ${DEFAULT-VALUE})")
    private double alpha;

    @Option(names = "--min-examples", paramLabel = "M", defaultValue = "1",
            description = "fewest examples per client for dirichlet and quantity (default: ${DEFAULT-VALUE})")
    private int minExamples;

    @Option(names = "--shards-per-client", paramLabel = "K", defaultValue = "2",
            description = "shards per client for --scheme shards (default: ${DEFAULT-VALUE})")
    private int shardsPerClient;

    @Option(names = "--quantity-dist", paramLabel = "NAME", defaultValue = "lognormal",
            description = "powerlaw or lognormal client sizes for --scheme quantity (default: ${DEFAULT-VALUE})")
    private String quantityDist;

    @Option(names = "--quantity-exponent", paramLabel = "A", defaultValue = "1.5",
            description = "Pareto exponent for --quantity-dist powerlaw; smaller is more skewed (default: ${DEFAULT-VALUE})")
    private double quantityExponent;

    @Option(names = "--quantity-sigma", paramLabel = "S", defaultValue = "1.0",
            description = "sigma for --quantity-dist lognormal; larger is more skewed (default: ${DEFAULT-VALUE})")
    private double quantitySigma;

    @Option(names = "--synthetic-alpha", paramLabel = "A", defaultValue = "1.0",
            description = "model heterogeneity of Synthetic(alpha, beta) (default: ${DEFAULT-VALUE})")
    private double syntheticAlpha;

    @Option(names = "--synthetic-beta", paramLabel = "B", defaultValue = "1.0",
            description = "input heterogeneity of Synthetic(alpha, beta) (default: ${DEFAULT-VALUE})")
    private double syntheticBeta;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--held-out-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "fraction of each client's examples held out for local evaluation (default: ${DEFAULT-VALUE})")
    private double heldOutFraction;

    @Option(names = "--out", paramLabel = "DIR", description = "folder to write the client folders into (required)")
    private Path out;

    @Option(names = "--force", description = "replace an earlier partition in --out")
    private boolean force;

    /**
     * The partition the same arguments (without {@code --out}) would write, in memory: one
     * training/held-out split per client, identical to what a client reads from the folder.
     *
     * @throws ParameterException for arguments the command would refuse (its message says which)
     */
    public static List<LabeledDataset.Split> inMemory(String... args) {
        PartitionCli cli = new PartitionCli();
        new CommandLine(cli).parseArgs(args);
        return PartitionJob.splits(cli.validate()).perClient();
    }

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command with the given output streams; returns the exit code (0, 1 or 2). */
    public static int run(PrintWriter stdout, PrintWriter stderr, String... args) {
        CommandLine commandLine = new CommandLine(new PartitionCli());
        commandLine.setOut(stdout);
        commandLine.setErr(stderr);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            stderr.println("partition: " + e.getMessage() + " (see --help)");
            stderr.flush();
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            stderr.println("partition: " + oneLine(e));
            stderr.flush();
            return e instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        if (out == null) {
            throw usage("Missing required option: '--out=DIR'");
        }
        PartitionRequest request = validate();
        OutputFolder.Result checked = OutputFolder.check(out, force);
        OutputFolder folder = checked.folder().orElseThrow(() -> usage(checked.refusal()));
        PartitionSummary[] summary = new PartitionSummary[1];
        folder.writeAtomically(dir -> summary[0] = PartitionJob.write(request, dir));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%s, scheme %s, seed %d, %d clients -> %s%n", request.dataset(), describe(request), seed,
                clients, folder.path());
        stdout.print(SummaryTable.format(summary[0]));
        stdout.flush();
        return CommandLine.ExitCode.OK;
    }

    private PartitionRequest validate() {
        String name = dataset.trim().toLowerCase(Locale.ROOT);
        if (!DATASETS.contains(name)) {
            throw usage("--dataset must be one of " + String.join(", ", DATASETS) + ", not '" + dataset + "'");
        }
        if (clients < 1) {
            throw usage("--clients must be at least 1, was " + clients);
        }
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw usage("--held-out-fraction must be at least 0 and below 1, was " + heldOutFraction);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (name.equals("synthetic")) {
            rejectUnless(false, "synthetic data is split into devices by construction", "--scheme", "--alpha",
                    "--min-examples", "--shards-per-client", "--quantity-dist", "--quantity-exponent", "--quantity-sigma");
            rejectUnless(false, "synthetic data is generated, not read", "--data-dir");
            if (!(syntheticAlpha >= 0 && syntheticBeta >= 0) || Double.isInfinite(syntheticAlpha + syntheticBeta)) {
                throw usage("--synthetic-alpha and --synthetic-beta must be finite and at least 0");
            }
            parameters.put("syntheticAlpha", syntheticAlpha);
            parameters.put("syntheticBeta", syntheticBeta);
            return new PartitionRequest(name, null, clients, "natural", null,
                    SyntheticFedProx.of(syntheticAlpha, syntheticBeta), parameters, seed, heldOutFraction);
        }
        rejectUnless(false, "they apply only to --dataset synthetic", "--synthetic-alpha", "--synthetic-beta");
        String schemeName = scheme.trim().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(schemeName)) {
            throw usage("--scheme must be one of " + String.join(", ", SCHEMES) + ", not '" + scheme + "'");
        }
        rejectUnless(schemeName.equals("dirichlet"), "it applies only to --scheme dirichlet", "--alpha");
        rejectUnless(schemeName.equals("shards"), "it applies only to --scheme shards", "--shards-per-client");
        rejectUnless(schemeName.equals("dirichlet") || schemeName.equals("quantity"),
                "it applies only to --scheme dirichlet or quantity", "--min-examples");
        rejectUnless(schemeName.equals("quantity"), "they apply only to --scheme quantity", "--quantity-dist",
                "--quantity-exponent", "--quantity-sigma");
        Partitioner partitioner = partitioner(schemeName, parameters);
        return new PartitionRequest(name, dataDir, clients, schemeName, partitioner, null, parameters, seed,
                heldOutFraction);
    }

    private Partitioner partitioner(String schemeName, Map<String, Object> parameters) {
        try {
            switch (schemeName) {
                case "dirichlet" -> {
                    parameters.put("alpha", alpha);
                    parameters.put("minExamplesPerClient", minExamples);
                    return new DirichletPartitioner(alpha, minExamples, DirichletPartitioner.DEFAULT_MAX_DRAWS);
                }
                case "shards" -> {
                    parameters.put("shardsPerClient", shardsPerClient);
                    return new ShardPartitioner(shardsPerClient);
                }
                case "quantity" -> {
                    String dist = quantityDist.trim().toLowerCase(Locale.ROOT);
                    if (!dist.equals("powerlaw") && !dist.equals("lognormal")) {
                        throw usage("--quantity-dist must be powerlaw or lognormal, not '" + quantityDist + "'");
                    }
                    rejectUnless(dist.equals("powerlaw"), "it applies only to --quantity-dist powerlaw", "--quantity-exponent");
                    rejectUnless(dist.equals("lognormal"), "it applies only to --quantity-dist lognormal", "--quantity-sigma");
                    boolean powerLaw = dist.equals("powerlaw");
                    double parameter = powerLaw ? quantityExponent : quantitySigma;
                    parameters.put("quantityDist", dist);
                    parameters.put(powerLaw ? "quantityExponent" : "quantitySigma", parameter);
                    parameters.put("minExamplesPerClient", minExamples);
                    return new QuantitySkewPartitioner(powerLaw ? Distribution.POWER_LAW : Distribution.LOGNORMAL,
                            parameter, minExamples);
                }
                default -> {
                    return new IidPartitioner();
                }
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void rejectUnless(boolean allowed, String why, String... options) {
        if (allowed) {
            return;
        }
        for (String option : options) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw usage(option + " does not fit here: " + why + "; drop it");
            }
        }
    }

    private String describe(PartitionRequest request) {
        return request.parameters().isEmpty() ? request.scheme()
                : request.scheme() + " " + new TreeMap<>(request.parameters());
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String oneLine(Exception e) {
        if (e instanceof DataException || e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
            return e.getMessage();
        }
        return "failed: " + e;
    }

    /** The module version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PartitionCli.class.getPackage().getImplementationVersion();
            return new String[] {"Flotilla partition " + (version == null ? "(development build)" : version)};
        }
    }
}
