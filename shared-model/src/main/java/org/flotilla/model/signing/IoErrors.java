package org.flotilla.model.signing;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** One-sentence descriptions of file errors, for messages a person reads. */
final class IoErrors {

    private IoErrors() {
    }

    /** E.g. "cannot read /x/key.pem: it does not exist". */
    static String describe(String verb, Path file, IOException e) {
        String why = switch (e) {
            case NoSuchFileException n -> "it does not exist";
            case AccessDeniedException a -> "permission denied";
            case FileAlreadyExistsException f -> "it already exists";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return "cannot " + verb + " " + file + ": " + why;
    }
}
