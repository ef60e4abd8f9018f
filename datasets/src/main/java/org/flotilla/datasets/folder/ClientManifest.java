package org.flotilla.datasets.folder;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code client.json} of a client folder: what the four IDX files hold and where they came
 * from. Stored features divided by {@code pixelScale} give the values a model sees (255 for image
 * bytes, 1 for float features).
 *
 * @param id client name, e.g. {@code client-00}
 * @param dataset source data set, e.g. {@code fashion-mnist} or {@code synthetic}
 * @param exampleShape layout of one example, e.g. {@code [1, 28, 28]}
 * @param numClasses number of classes of the whole data set (not only those present here)
 * @param trainExamples examples in {@code train-*.idx.gz}
 * @param heldOutExamples examples in {@code heldout-*.idx.gz}
 * @param labels training examples per class, {@code numClasses} entries
 * @param pixelScale divisor from stored feature values to model inputs, positive
 * @param heldOutLabels held-out examples per class, {@code numClasses} entries
 * @param featureType {@code ubyte} or {@code float32}, the IDX type of the feature files
 * @param scheme partition scheme that produced this client, e.g. {@code dirichlet}
 * @param seed seed of the partition
 * @param parameters settings of the scheme, e.g. {@code {"alpha": 0.5}}, or {@code null}
 * @param classNames class names, index = label, or {@code null}
 * @param format format version, {@value #FORMAT}
 */
@JsonPropertyOrder({"id", "dataset", "exampleShape", "numClasses", "trainExamples", "heldOutExamples", "labels",
    "pixelScale", "heldOutLabels", "featureType", "scheme", "seed", "parameters", "classNames", "format"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientManifest(String id, String dataset, List<Integer> exampleShape, int numClasses,
        int trainExamples, int heldOutExamples, List<Integer> labels, int pixelScale, List<Integer> heldOutLabels,
        String featureType, String scheme, long seed, Map<String, Object> parameters, List<String> classNames,
        String format) {

    /** Current format version. */
    public static final String FORMAT = "flotilla-client/1";

    /** Feature files of unsigned bytes. */
    public static final String UBYTE = "ubyte";

    /** Feature files of 32-bit floats. */
    public static final String FLOAT32 = "float32";

    /** Validates the manifest and copies its lists. */
    public ClientManifest {
        require(id != null && !id.isBlank(), "id is missing");
        require(dataset != null && !dataset.isBlank(), "dataset is missing");
        require(exampleShape != null && !exampleShape.isEmpty() && exampleShape.stream().allMatch(d -> d != null && d > 0),
                "exampleShape must be a list of positive sizes");
        require(numClasses >= 1, "numClasses must be at least 1");
        require(trainExamples >= 0 && heldOutExamples >= 0, "example counts must not be negative");
        require(labels != null && labels.size() == numClasses, "labels must have numClasses entries");
        require(heldOutLabels == null || heldOutLabels.size() == numClasses, "heldOutLabels must have numClasses entries");
        require(pixelScale >= 1, "pixelScale must be at least 1");
        require(UBYTE.equals(featureType) || FLOAT32.equals(featureType), "featureType must be ubyte or float32");
        require(classNames == null || classNames.size() == numClasses, "classNames must have numClasses entries");
        exampleShape = List.copyOf(exampleShape);
        labels = List.copyOf(labels);
        heldOutLabels = heldOutLabels == null ? null : List.copyOf(heldOutLabels);
        parameters = parameters == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        classNames = classNames == null ? null : List.copyOf(classNames);
        format = format == null ? FORMAT : format;
    }

    /** {@link #exampleShape()} as an array. */
    public int[] exampleShapeArray() {
        return exampleShape.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
