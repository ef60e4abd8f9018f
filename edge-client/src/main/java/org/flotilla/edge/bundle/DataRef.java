package org.flotilla.edge.bundle;

import java.nio.file.Path;

/**
 * The device's local data as the child opens it with Flotilla's readers ({@code LocalData.open}):
 * the same spec, held-out fraction and seed as the edge client's own, so both see the same split.
 *
 * @param spec            the data's path (client folder, IDX folder, CSV file, image folder), made
 *                        absolute; for a data set named by the edge client's configuration (e.g.
 *                        {@code fashion-mnist}) pass {@code LocalData.source()}, the folder it was found in
 *                        (the child's environment has no variables to look it up with)
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
        spec = Path.of(spec).toAbsolutePath().normalize().toString();   // the child has another working directory
    }

    /** The data's path. */
    Path path() {
        return Path.of(spec);
    }
}
