package org.flotilla.datasets.folder;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code summary.json} next to the client folders: how the data set was split and what each
 * client got.
 *
 * @param dataset source data set, e.g. {@code fashion-mnist}
 * @param scheme partition scheme ({@code iid}, {@code dirichlet}, {@code shards}, {@code quantity}
 *     or {@code natural} for synthetic devices)
 * @param seed seed of the partition
 * @param clients one entry per client folder, in folder order
 * @param numClasses number of classes
 * @param heldOutFraction fraction of each client's examples held out
 * @param parameters settings of the scheme, e.g. {@code {"alpha": 0.5}}
 * @param format format version, {@value #FORMAT}
 */
@JsonPropertyOrder({"dataset", "scheme", "seed", "clients", "numClasses", "heldOutFraction", "parameters", "format"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PartitionSummary(String dataset, String scheme, long seed, List<Client> clients, int numClasses,
        double heldOutFraction, Map<String, Object> parameters, String format) {

    /** Current format version. */
    public static final String FORMAT = "flotilla-partition/1";

    /** Copies the lists. */
    public PartitionSummary {
        if (clients == null || clients.isEmpty()) {
            throw new IllegalArgumentException("a summary needs at least one client");
        }
        clients = List.copyOf(clients);
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        format = format == null ? FORMAT : format;
    }

    /**
     * What one client got.
     *
     * @param id client folder name
     * @param examples all of the client's examples (training plus held-out)
     * @param labels {@code examples} per class
     * @param trainExamples examples in the training files
     * @param heldOutExamples examples in the held-out files
     */
    @JsonPropertyOrder({"id", "examples", "labels", "trainExamples", "heldOutExamples"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Client(String id, int examples, List<Integer> labels, int trainExamples, int heldOutExamples) {

        /** Copies the label counts. */
        public Client {
            labels = List.copyOf(labels);
        }
    }
}
