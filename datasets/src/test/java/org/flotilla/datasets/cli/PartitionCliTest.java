package org.flotilla.datasets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.flotilla.datasets.TestData;
import org.flotilla.datasets.folder.ClientFolder;
import org.flotilla.datasets.folder.PartitionSummary;
import org.flotilla.datasets.folder.SummaryFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionCliTest {

    @TempDir
    Path dir;

    private Path raw;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void writeData() {
        raw = TestData.writeMnistFolder(dir.resolve("raw"), 60, 2, true);
        out = new StringWriter();
        err = new StringWriter();
    }

    @Test
    void writesClientFoldersSummaryAndTable() throws IOException {
        // Execute
        int code = run("--dataset", "fashion-mnist", "--data-dir", raw.toString(), "--clients", "3", "--scheme",
                "dirichlet", "--alpha", "0.5", "--out", dir.resolve("parts").toString());

        // Assert
        assertThat(code).as(err.toString()).isZero();
        Path parts = dir.resolve("parts");
        try (Stream<Path> children = Files.list(parts)) {
            assertThat(children.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("client-00", "client-01", "client-02", "summary.json");
        }
        assertThat(parts.resolve("client-01")).isDirectoryContaining("glob:**/" + ClientFolder.TRAIN_FEATURES)
                .isDirectoryContaining("glob:**/" + ClientFolder.HELDOUT_LABELS)
                .isDirectoryContaining("glob:**/" + ClientFolder.MANIFEST);
        PartitionSummary summary = SummaryFile.read(parts);
        assertThat(summary.dataset()).isEqualTo("fashion-mnist");
        assertThat(summary.scheme()).isEqualTo("dirichlet");
        assertThat(summary.seed()).isEqualTo(42);
        assertThat(summary.parameters()).containsEntry("alpha", 0.5);
        assertThat(summary.clients().stream().mapToInt(PartitionSummary.Client::examples).sum()).isEqualTo(60);
        assertThat(summary.clients()).allSatisfy(c -> assertThat(c.trainExamples() + c.heldOutExamples())
                .isEqualTo(c.examples()).isPositive());
        assertThat(out.toString()).contains("client-02").contains("total").contains("60");
        assertThat(err.toString()).isEmpty();
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of((Object) new String[] {"--clients", "2", "--out", "x"}),
                Arguments.of((Object) new String[] {"--dataset", "cifar", "--clients", "2", "--out", "x"}),
                Arguments.of((Object) new String[] {"--dataset", "mnist", "--clients", "two", "--out", "x"}),
                Arguments.of((Object) new String[] {"--dataset", "mnist", "--clients", "0", "--out", "x"}),
                Arguments.of((Object) new String[] {"--dataset", "mnist", "--clients", "2", "--scheme", "zipf", "--out", "x"}),
                Arguments.of((Object) new String[] {"--dataset", "mnist", "--clients", "2", "--alpha", "0.1", "--out", "x"}),
                Arguments.of((Object) new String[] {"--dataset", "mnist", "--clients", "2", "--scheme", "dirichlet",
                    "--alpha", "-1", "--out", "x"}),
                Arguments.of((Object) new String[] {"--dataset", "synthetic", "--clients", "2", "--scheme", "iid", "--out", "x"}),
                Arguments.of((Object) new String[] {"--dataset", "mnist", "--clients", "2", "--held-out-fraction", "1", "--out", "x"}),
                Arguments.of((Object) new String[] {"--dataset", "mnist", "--clients", "2", "--bogus", "--out", "x"}));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badArgumentsGiveOneLineAndExitCodeTwo(String[] args) {
        int code = run(args);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("partition: ")
                .doesNotContain("Exception").doesNotContain("\tat "));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesNonEmptyOutWithoutForce() throws IOException {
        Path target = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(target.resolve("keep.txt"), "mine");

        int code = run("--dataset", "fashion-mnist", "--data-dir", raw.toString(), "--clients", "2", "--out", target.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("is not empty").contains("--force");
        assertThat(target.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void forceReplacesOnlyAnEarlierPartition() throws IOException {
        // Prepare
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("keep.txt"), "mine");
        Path parts = dir.resolve("parts");
        assertThat(run("--dataset", "fashion-mnist", "--data-dir", raw.toString(), "--clients", "4", "--out", parts.toString())).isZero();

        // Execute
        int foreignCode = run("--dataset", "fashion-mnist", "--data-dir", raw.toString(), "--clients", "2", "--force",
                "--out", foreign.toString());
        int replaceCode = run("--dataset", "fashion-mnist", "--data-dir", raw.toString(), "--clients", "2", "--force",
                "--out", parts.toString());

        // Assert
        assertThat(foreignCode).isEqualTo(2);
        assertThat(foreign.resolve("keep.txt")).exists();
        assertThat(replaceCode).isZero();
        assertThat(SummaryFile.read(parts).clients()).hasSize(2);
        assertThat(parts.resolve("client-03")).doesNotExist();
    }

    @Test
    void missingDataIsOneLineWithExitCodeOneAndLeavesNothingBehind() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path target = dir.resolve("never");

        int code = run("--dataset", "fashion-mnist", "--data-dir", empty.toString(), "--clients", "2", "--out", target.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1).first().asString().contains("does not hold Fashion-MNIST")
                .contains("apt-get install dataset-fashion-mnist");
        assertThat(target).doesNotExist();
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void everySchemeRunsAndIsDeterministic() throws IOException {
        for (String[] scheme : new String[][] {{"--scheme", "iid"}, {"--scheme", "shards"},
            {"--scheme", "quantity", "--quantity-dist", "powerlaw", "--quantity-exponent", "2"},
            {"--scheme", "quantity", "--quantity-sigma", "0.5"}}) {
            String[] base = {"--dataset", "mnist", "--data-dir", raw.toString(), "--clients", "3", "--seed", "5", "--force"};
            assertThat(run(concat(base, scheme, "--out", dir.resolve("a").toString()))).as(err.toString()).isZero();
            assertThat(run(concat(base, scheme, "--out", dir.resolve("b").toString()))).isZero();
            assertThat(Files.readString(dir.resolve("a/summary.json"))).isEqualTo(Files.readString(dir.resolve("b/summary.json")));
        }
    }

    @Test
    void inMemorySplitHoldsWhatEachClientReadsFromItsFolder() {
        // Prepare
        String[] args = {"--dataset", "fashion-mnist", "--data-dir", raw.toString(), "--clients", "3", "--scheme",
            "dirichlet", "--alpha", "0.5", "--seed", "9"};
        assertThat(run(concat(args, new String[0], "--out", dir.resolve("parts").toString()))).as(err.toString()).isZero();

        // Execute
        java.util.List<org.flotilla.datasets.LabeledDataset.Split> inMemory = PartitionCli.inMemory(args);

        // Assert
        assertThat(inMemory).hasSize(3);
        for (int c = 0; c < 3; c++) {
            org.flotilla.datasets.LocalData folder = org.flotilla.datasets.LocalData.open(
                    dir.resolve("parts/client-0" + c).toString(), org.flotilla.datasets.LocalData.Options.defaults());
            assertThat(inMemory.get(c).train().labels()).isEqualTo(folder.train().labels());
            assertThat(inMemory.get(c).train().features()).isEqualTo(folder.train().features());
            assertThat(inMemory.get(c).heldOut().labels()).isEqualTo(folder.heldOut().orElseThrow().labels());
        }
    }

    @Test
    void inMemorySplitRefusesWhatTheCommandRefuses() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PartitionCli.inMemory("--dataset", "synthetic",
                "--clients", "2", "--scheme", "iid")).hasMessageContaining("--scheme does not fit here");
    }

    private int run(String... args) {
        return PartitionCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String[] concat(String[] a, String[] b, String... c) {
        return Stream.of(a, b, c).flatMap(Stream::of).toArray(String[]::new);
    }
}
