package org.flotilla.coordinator.testset;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * A job's server-side evaluation set: a named public data set's test split, or a local data spec
 * (anything {@code LocalData.open} reads: a client folder, an IDX folder, a CSV file, an image
 * folder), of which the held-out split is used when there is one, else all of it.
 *
 * @param dataset {@code fashion-mnist} or {@code mnist} (their 10 000-example test sets)
 * @param path    a data spec on the coordinator's machine
 * @param limit   evaluate on the first {@code limit} examples only
 */
public record EvaluationSpec(
        @Size(max = 40) String dataset,
        @Size(max = 1000) String path,
        @Min(1) @Max(10_000_000) Integer limit) {
}
