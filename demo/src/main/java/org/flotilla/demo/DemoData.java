package org.flotilla.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.flotilla.datasets.cli.PartitionCli;

/** The demo's folders: cached partitions and one folder per run. */
final class DemoData {

    private DemoData() {
    }

    /**
     * The Dirichlet(alpha) split of Fashion-MNIST among {@code clients}, written once under
     * {@code dir/partitions/} and reused by later runs with the same settings.
     */
    static Path partition(Path dir, Path dataDir, int clients, double alpha, long seed) {
        Path out = dir.resolve("partitions").resolve(String.format(Locale.ROOT,
                "fashion-mnist-dirichlet%s-%dc-seed%d", alpha, clients, seed));
        if (Files.isRegularFile(out.resolve("summary.json"))) {
            System.out.println("Using the partition in " + out);
            return out;
        }
        List<String> args = new ArrayList<>(List.of("--dataset", "fashion-mnist", "--clients", Integer.toString(clients),
                "--scheme", "dirichlet", "--alpha", Double.toString(alpha), "--seed", Long.toString(seed),
                "--out", out.toString()));
        if (dataDir != null) {
            args.addAll(List.of("--data-dir", dataDir.toString()));
        }
        int code = PartitionCli.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                args.toArray(String[]::new));
        if (code != 0) {
            throw new DemoException("partitioning Fashion-MNIST failed (see the line above)");
        }
        return out;
    }

    /** The newest {@code run-*} folder that has a {@code demo.json}. */
    static Path latestRun(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DemoException("--resume: there is no earlier run in " + dir + "; run without --resume");
        }
        try (Stream<Path> runs = Files.list(dir)) {
            return runs.filter(p -> p.getFileName().toString().startsWith("run-"))
                    .filter(p -> Files.isRegularFile(p.resolve(DemoState.FILE)))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new DemoException("--resume: there is no earlier run in " + dir
                            + "; run without --resume"));
        }
    }
}
