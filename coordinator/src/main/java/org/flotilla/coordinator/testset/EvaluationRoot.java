package org.flotilla.coordinator.testset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.flotilla.coordinator.system.Invalid;

/**
 * The folder server-side evaluation sets are read from. A job names its set by a path on the
 * coordinator's machine, and the operator's request is the only thing that says which file the
 * coordinator opens; confining it to one folder keeps a mistyped, forged or replayed job request
 * (or a stolen admin token) from making the coordinator read any file its process can — the
 * database, the tokens, {@code /etc} — and report what it found in an error.
 *
 * <p>The check compares real paths: the path is resolved against the root, normalised (so
 * {@code ..} cannot climb out), and, when it exists, followed through every symbolic link; both
 * the normalised and the real path must lie under the root's real path.
 */
final class EvaluationRoot {

    static final String FIELD = "evaluation.path";
    static final String PROPERTY = "flotilla.evaluation.root";

    private final Path root;

    /** The root, created when missing. */
    EvaluationRoot(Path configured) {
        try {
            Files.createDirectories(configured);
            this.root = configured.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(PROPERTY + " " + configured + " cannot be created or read", e);
        }
    }

    Path path() {
        return root;
    }

    /**
     * The real path {@code spec} names under the root, or the normalised one when it does not
     * exist (reading it then fails with the usual "does not exist").
     *
     * @throws Invalid 400 naming {@code evaluation.path} and the root when it leads outside
     */
    Path confine(String spec) {
        Path asked;
        try {
            asked = root.resolve(spec.strip()).normalize();
        } catch (InvalidPathException e) {
            throw outside(spec);
        }
        if (!asked.startsWith(root)) {
            throw outside(spec);
        }
        if (!Files.exists(asked)) {
            return asked;
        }
        Path real;
        try {
            real = asked.toRealPath();
        } catch (IOException e) {
            throw Invalid.field(FIELD, limit(), "evaluation.path " + spec + " cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw outside(spec);
        }
        return real;
    }

    private Invalid outside(String spec) {
        return Invalid.field(FIELD, limit(), "evaluation.path " + abbreviate(spec) + " lies outside " + root
                + ", the folder evaluation sets are read from (" + PROPERTY + "); copy the set there or name it"
                + " relative to it");
    }

    private String limit() {
        return "a path under " + root + " (" + PROPERTY + ")";
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
