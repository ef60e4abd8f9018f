package org.flotilla.datasets.folder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writing files so that a reader sees either the old content or the complete new one: write to a
 * hidden temporary sibling, then rename over the target.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Calls {@code writer} with a temporary path next to {@code target}, then renames it to
     * {@code target}. The temporary file is deleted if the writer fails.
     */
    public static void write(Path target, Consumer<Path> writer) {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            writer.accept(temp);
            move(temp, target);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target}, atomically. */
    public static void writeString(Path target, String text) {
        write(target, temp -> {
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
        });
    }

    /** Renames {@code source} to {@code target}, atomically where the file system can. */
    public static void move(Path source, Path target) {
        try {
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a file or a folder tree, ignoring what cannot be deleted. */
    public static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temporary file is harmless
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
