package org.flotilla.datasets.cli;

import java.util.ArrayList;
import java.util.List;
import org.flotilla.datasets.folder.PartitionSummary;

/** The partition summary as a plain-text table: client, examples, one column per class, a total row. */
final class SummaryTable {

    private SummaryTable() {
    }

    static String format(PartitionSummary summary) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("client", "examples"));
        for (int k = 0; k < summary.numClasses(); k++) {
            header.add(String.valueOf(k));
        }
        rows.add(header);
        long total = 0;
        long[] perClass = new long[summary.numClasses()];
        for (PartitionSummary.Client client : summary.clients()) {
            List<String> row = new ArrayList<>(List.of(client.id(), String.valueOf(client.examples())));
            for (int k = 0; k < summary.numClasses(); k++) {
                row.add(String.valueOf(client.labels().get(k)));
                perClass[k] += client.labels().get(k);
            }
            total += client.examples();
            rows.add(row);
        }
        List<String> totals = new ArrayList<>(List.of("total", String.valueOf(total)));
        for (long count : perClass) {
            totals.add(String.valueOf(count));
        }
        rows.add(totals);
        int[] widths = new int[header.size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                if (c == 0) {
                    line.append(cell).append(" ".repeat(widths[c] - cell.length()));
                } else {
                    line.append("  ").append(" ".repeat(widths[c] - cell.length())).append(cell);
                }
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }
}
