package org.flotilla.datasets.folder;

import java.nio.file.Path;

/** Reads and writes {@value #NAME}, atomically. */
public final class SummaryFile {

    /** File name of the partition summary. */
    public static final String NAME = "summary.json";

    private SummaryFile() {
    }

    /** Writes {@code summary} to {@code dir/summary.json}. */
    public static void write(Path dir, PartitionSummary summary) {
        AtomicFiles.writeString(dir.resolve(NAME), Json.write(summary));
    }

    /** Reads {@code dir/summary.json}. */
    public static PartitionSummary read(Path dir) {
        return Json.read(dir.resolve(NAME), PartitionSummary.class);
    }
}
