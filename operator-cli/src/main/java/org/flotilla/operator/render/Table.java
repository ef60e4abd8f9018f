package org.flotilla.operator.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table: a header line and rows, numbers right-aligned, every cell on one line
 * (line breaks in values become spaces), an em dash for a missing value.
 */
public final class Table {

    /** How a column is aligned. */
    public enum Align { LEFT, RIGHT }

    private final List<String> headers = new ArrayList<>();
    private final List<Align> aligns = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    /** Adds a left-aligned column. */
    public Table text(String header) {
        headers.add(header);
        aligns.add(Align.LEFT);
        return this;
    }

    /** Adds a right-aligned column. */
    public Table number(String header) {
        headers.add(header);
        aligns.add(Align.RIGHT);
        return this;
    }

    /** Adds a row; {@code cells} in column order, null for "no value". */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            row.add(c == null ? Format.NONE : c.toString().replaceAll("\\s+", " ").strip());
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Writes the table, or {@code empty} when it has no rows. */
    public void print(PrintWriter out, String empty) {
        if (rows.isEmpty()) {
            out.println(empty);
            return;
        }
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        out.println(line(headers, widths));
        for (List<String> r : rows) {
            out.println(line(r, widths));
        }
    }

    private String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            boolean last = i == cells.size() - 1;
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(widths[i] - c.length());
            if (aligns.get(i) == Align.RIGHT) {
                sb.append(pad).append(c);
            } else {
                sb.append(c).append(last ? "" : pad);
            }
        }
        return sb.toString();
    }
}
