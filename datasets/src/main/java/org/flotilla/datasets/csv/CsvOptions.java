package org.flotilla.datasets.csv;

/**
 * How to read a CSV file.
 *
 * @param labelColumn which column holds the label: {@code "last"} (default), {@code "first"}, a
 *     0-based index (negative counts from the end, {@code -1} is the last) or a header name
 * @param header whether the first line is a header; {@code null} detects it (a first line with a
 *     non-numeric field is a header)
 * @param delimiter field separator, {@code ','} by default
 * @param numClasses number of classes, or 0 to use the largest label + 1 (set it when a file may
 *     not contain every class, e.g. one client's share)
 */
public record CsvOptions(String labelColumn, Boolean header, char delimiter, int numClasses) {

    /** Validates the options. */
    public CsvOptions {
        if (labelColumn == null || labelColumn.isBlank()) {
            throw new IllegalArgumentException("labelColumn must name a column (e.g. last, 0 or a header name)");
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("numClasses must be 0 (infer) or positive, was " + numClasses);
        }
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter must not be a quote or a line break");
        }
    }

    /** Label in the last column, header detected, comma-separated, classes inferred. */
    public static CsvOptions defaults() {
        return new CsvOptions("last", null, ',', 0);
    }

    /** These options with another label column. */
    public CsvOptions withLabelColumn(String column) {
        return new CsvOptions(column, header, delimiter, numClasses);
    }

    /** These options with the header flag set ({@code null} = detect). */
    public CsvOptions withHeader(Boolean hasHeader) {
        return new CsvOptions(labelColumn, hasHeader, delimiter, numClasses);
    }

    /** These options with another delimiter. */
    public CsvOptions withDelimiter(char separator) {
        return new CsvOptions(labelColumn, header, separator, numClasses);
    }

    /** These options with a fixed number of classes. */
    public CsvOptions withNumClasses(int classes) {
        return new CsvOptions(labelColumn, header, delimiter, classes);
    }
}
