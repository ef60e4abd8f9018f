package org.flotilla.datasets.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flotilla.datasets.DataException;
import org.flotilla.datasets.LabeledDataset;

/**
 * Reads a numeric CSV file into a {@link LabeledDataset} of shape {@code [featureCount]}. Blank
 * lines and lines starting with {@code #} are skipped; fields may be double-quoted. Labels must be
 * non-negative whole numbers (class names must be mapped to {@code 0..k-1} beforehand, so that
 * every client numbers the classes the same way). A bad row stops the read with a
 * {@link DataException} naming the file, line and column.
 */
public final class CsvReader {

    private CsvReader() {
    }

    /**
     * Reads the whole file.
     *
     * @throws DataException if the file is missing, empty, ragged or has a non-numeric value
     */
    public static LabeledDataset read(Path file, CsvOptions options) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file, reader, options);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": file not found");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e + ")", e);
        }
    }

    private static LabeledDataset parse(Path file, BufferedReader reader, CsvOptions options) throws IOException {
        FloatBuffer features = new FloatBuffer();
        List<Integer> labels = new ArrayList<>();
        List<String> header = null;
        int width = -1;
        int labelIndex = -1;
        int lineNumber = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> fields = split(line, options.delimiter());
            if (width < 0) {
                width = fields.size();
                if (width < 2) {
                    throw new DataException(file + " line " + lineNumber + ": found " + width
                            + " column, need a label column and at least one feature; is the delimiter '"
                            + options.delimiter() + "' right?");
                }
                boolean isHeader = options.header() != null ? options.header() : !fields.stream().allMatch(CsvReader::isNumber);
                if (isHeader) {
                    header = fields;
                }
                labelIndex = labelIndex(file, options.labelColumn(), header, width);
                if (isHeader) {
                    continue;
                }
            }
            if (fields.size() != width) {
                throw new DataException(file + " line " + lineNumber + ": " + fields.size() + " fields, expected "
                        + width + " like the first line");
            }
            for (int c = 0; c < width; c++) {
                String value = fields.get(c);
                if (c == labelIndex) {
                    labels.add(parseLabel(file, lineNumber, columnName(header, c), value));
                } else {
                    features.add(parseFeature(file, lineNumber, columnName(header, c), value));
                }
            }
        }
        if (labels.isEmpty()) {
            throw new DataException(file + ": no data rows" + (header != null ? " after the header" : ""));
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        int numClasses = options.numClasses() > 0 ? options.numClasses() : Arrays.stream(labelArray).max().orElse(0) + 1;
        for (int i = 0; i < labelArray.length; i++) {
            if (labelArray[i] >= numClasses) {
                throw new DataException(file + ": label " + labelArray[i] + " (data row " + (i + 1)
                        + ") is not below the configured number of classes " + numClasses);
            }
        }
        return new LabeledDataset(features.toArray(), labelArray, new int[] {width - 1}, numClasses);
    }

    private static int labelIndex(Path file, String column, List<String> header, int width) {
        String spec = column.trim();
        if (spec.equalsIgnoreCase("last")) {
            return width - 1;
        }
        if (spec.equalsIgnoreCase("first")) {
            return 0;
        }
        if (spec.matches("-?\\d+")) {
            int index = Integer.parseInt(spec);
            int resolved = index < 0 ? width + index : index;
            if (resolved < 0 || resolved >= width) {
                throw new DataException(file + ": label column " + index + " does not exist, the file has "
                        + width + " columns (0.." + (width - 1) + ")");
            }
            return resolved;
        }
        if (header == null) {
            throw new DataException(file + " has no header line, so the label column must be given as a number,"
                    + " first or last, not '" + spec + "'");
        }
        int found = header.indexOf(spec);
        if (found < 0) {
            throw new DataException(file + ": no column named '" + spec + "' in the header (columns: "
                    + String.join(", ", header) + ")");
        }
        return found;
    }

    private static int parseLabel(Path file, int line, String column, String value) {
        try {
            double number = Double.parseDouble(value);
            if (number >= 0 && number == Math.rint(number) && number <= Integer.MAX_VALUE) {
                return (int) number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataException(file + " line " + line + ": label '" + value + "' in column " + column
                + " is not a non-negative whole number; map class names to 0..k-1 first");
    }

    private static float parseFeature(Path file, int line, String column, String value) {
        try {
            float number = Float.parseFloat(value);
            if (Float.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataException(file + " line " + line + ": value '" + value + "' in column " + column
                + " is not a finite number");
    }

    private static String columnName(List<String> header, int column) {
        return header == null ? String.valueOf(column) : column + " ('" + header.get(column) + "')";
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Splits one line at {@code delimiter}, honouring double quotes ({@code ""} is a literal quote). */
    static List<String> split(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == delimiter) {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString().trim());
        return fields;
    }

    /** A growable float array, to avoid boxing every feature. */
    private static final class FloatBuffer {
        private float[] values = new float[1024];
        private int size;

        void add(float value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.multiplyExact(values.length, 2));
            }
            values[size++] = value;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
