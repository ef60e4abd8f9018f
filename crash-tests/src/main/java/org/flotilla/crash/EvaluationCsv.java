package org.flotilla.crash;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** A seeded CSV evaluation set (features, then the label) for the coordinator's server-side evaluation. */
final class EvaluationCsv {

    private EvaluationCsv() {
    }

    static Path write(Path file, int features, int classes, int rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int r = 0; r < rows; r++) {
                int label = r % classes;
                for (int f = 0; f < features; f++) {
                    double centre = f % classes == label ? 1.0 : 0.0;
                    w.write(String.format(Locale.ROOT, "%.4f,", centre + random.nextGaussian() * 0.5));
                }
                w.write(Integer.toString(label));
                w.write('\n');
            }
        }
        return file;
    }
}
