package org.flotilla.edge.bundle;

import java.nio.file.Path;

/**
 * The device's local data as the child opens it with Flotilla's readers ({@code LocalData.open}):
 * the same spec, held-out fraction and seed as the edge client's own, so both see the same split.
 *
 * @param spec            an absolute path (client folder, IDX folder, CSV file, image folder) or a
 *                        data set name ({@code fashion-mnist}, {@code mnist})
 * @param heldOutFraction held-out share for data without its own split, in [0, 1)
 * @param seed            seed of that split
 */
public record DataRef(String spec, double heldOutFraction, long seed) {

    public DataRef {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("a data spec is required");
        }
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction must be in [0, 1), was " + heldOutFraction);
        }
        boolean named = spec.equals("fashion-mnist") || spec.equals("mnist");
        if (!named && !Path.of(spec).isAbsolute()) {
            spec = Path.of(spec).toAbsolutePath().normalize().toString();   // the child has another working directory
        }
    }

    /** The data's path, or null for a named data set. */
    Path path() {
        return spec.equals("fashion-mnist") || spec.equals("mnist") ? null : Path.of(spec);
    }
}
