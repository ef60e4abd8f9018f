package org.flotilla.datasets.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.flotilla.datasets.folder.AtomicFiles;
import org.flotilla.datasets.folder.SummaryFile;

/**
 * The {@code --out} folder of the partition CLI. Output is written into a hidden staging folder
 * next to it and renamed into place only when complete, so a failure never leaves a half-written
 * partition; with {@code --force} an earlier partition is moved aside, replaced, then deleted.
 */
final class OutputFolder {

    private final Path target;

    private OutputFolder(Path target) {
        this.target = target.toAbsolutePath().normalize();
    }

    /**
     * Checks that {@code target} may be written, before any work is done.
     *
     * @return the folder, or the reason (one sentence) it may not be written
     */
    static Result check(Path target, boolean force) {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            return Result.refused("--out " + target + " is a file; name a folder");
        }
        if (isNonEmptyDirectory(target)) {
            if (!force) {
                return Result.refused("--out " + target + " is not empty; choose a new folder, or add --force to replace"
                        + " an earlier partition there");
            }
            if (!Files.isRegularFile(target.resolve(SummaryFile.NAME))) {
                return Result.refused("--out " + target + " is not empty and holds no " + SummaryFile.NAME
                        + ", so it is not an earlier partition; --force only replaces partitions, so empty it yourself"
                        + " or choose another folder");
            }
        }
        Path parent = new OutputFolder(target).target.getParent();
        if (parent == null) {
            return Result.refused("--out " + target + " has no parent folder; name a sub-folder");
        }
        return new Result(Optional.of(new OutputFolder(target)), null);
    }

    /** Runs {@code writer} on a fresh staging folder, then swaps the staging folder into place. */
    void writeAtomically(Consumer<Path> writer) {
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Path staging = parent.resolve("." + name + ".partial-" + UUID.randomUUID());
        try {
            Files.createDirectories(parent);
            Files.createDirectory(staging);
            writer.accept(staging);
            if (Files.exists(target)) {
                Path old = parent.resolve("." + name + ".old-" + UUID.randomUUID());
                AtomicFiles.move(target, old);
                AtomicFiles.move(staging, target);
                AtomicFiles.deleteQuietly(old);
            } else {
                AtomicFiles.move(staging, target);
            }
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(staging);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            AtomicFiles.deleteQuietly(staging);
            throw e;
        }
    }

    /** The final location. */
    Path path() {
        return target;
    }

    private static boolean isNonEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Either a writable folder or the reason it is refused. */
    record Result(Optional<OutputFolder> folder, String refusal) {
        static Result refused(String reason) {
            return new Result(Optional.empty(), reason);
        }
    }
}
