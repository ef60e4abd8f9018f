package org.flotilla.model.bundle;

/**
 * A bundle manifest is not usable. Names the field and what is allowed, so the publisher command
 * prints one actionable line and a device declines with a reason an operator understands.
 */
public final class ManifestException extends RuntimeException {

    private final String field;

    public ManifestException(String field, String limit, Object actual) {
        super("bundle manifest: " + field + " must be " + limit + " (was " + abbreviate(actual) + ")");
        this.field = field;
    }

    public ManifestException(String field, String message) {
        super("bundle manifest: " + message);
        this.field = field;
    }

    /** The manifest field that was wrong, e.g. {@code entryClass}, or null for the document as a whole. */
    public String field() {
        return field;
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
