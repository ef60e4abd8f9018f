package org.flotilla.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.flotilla.model.codec.Sha256;

/**
 * Database and artifact folder side by side, read after a clean stop: every {@code artifacts} row
 * has its complete file, every artifact a job, round, update or evaluation names has a row, and
 * (after the orphan sweep ran) no file is left without a row. With the database store, every row's
 * chunks must instead hash to its name (and no file may exist).
 *
 * @param rows              rows in {@code artifacts}
 * @param files             files in the shard folders
 * @param rowsWithoutFile   rows whose file (or chunks) are missing or incomplete (must be empty)
 * @param referencesWithoutRow artifacts named by other tables without a row (must be empty)
 * @param filesWithoutRow   orphans still on disk
 * @param temporaryFiles    files left under {@code artifacts/tmp}
 */
public record StoreAudit(int rows, int files, List<String> rowsWithoutFile, List<String> referencesWithoutRow,
                         List<String> filesWithoutRow, int temporaryFiles) {

    private static final String REFERENCES = """
            SELECT plan_sha256 FROM jobs UNION SELECT request_sha256 FROM jobs
            UNION SELECT initial_weights_sha256 FROM jobs UNION SELECT global_weights_sha256 FROM jobs
            UNION SELECT strategy_state_sha256 FROM jobs UNION SELECT weights_sha256 FROM cohorts
            UNION SELECT result_weights_sha256 FROM round_results UNION SELECT strategy_state_sha256 FROM round_results
            UNION SELECT provenance_sha256 FROM round_results UNION SELECT sha256 FROM round_updates""";

    /** Whether the store keeps its promise: no row without its file, no reference without its row. */
    public boolean consistent() {
        return rowsWithoutFile.isEmpty() && referencesWithoutRow.isEmpty();
    }

    /**
     * Reads the store of a stopped coordinator.
     *
     * @param jdbcUrl the database it used ({@link CampaignSettings#auditUrl})
     */
    public static StoreAudit of(Path dataDir, String jdbcUrl, String user, String password, boolean databaseStore)
            throws SQLException {
        Path root = dataDir.resolve("artifacts");
        Set<String> rows = new TreeSet<>();
        Set<String> references = new TreeSet<>();
        List<String> rowsWithoutBytes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT sha256 FROM artifacts")) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery(REFERENCES)) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        references.add(rs.getString(1));
                    }
                }
            }
            if (databaseStore) {
                for (String sha : rows) {
                    if (!chunksComplete(c, sha)) {
                        rowsWithoutBytes.add(sha);
                    }
                }
            }
        }
        Set<String> files = files(root);
        List<String> rowsWithoutFile = databaseStore ? rowsWithoutBytes : new ArrayList<>();
        for (String sha : databaseStore ? Set.<String>of() : rows) {
            Path f = root.resolve(sha.substring(0, 2)).resolve(sha);
            if (!files.contains(sha) || !complete(f, sha)) {
                rowsWithoutFile.add(sha);
            }
        }
        List<String> referencesWithoutRow = references.stream().filter(r -> !rows.contains(r)).toList();
        List<String> orphans = files.stream().filter(f -> !rows.contains(f)).toList();
        int temps;
        try (var t = Files.list(root.resolve("tmp"))) {
            temps = (int) t.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StoreAudit(rows.size(), files.size(), rowsWithoutFile, referencesWithoutRow, orphans, temps);
    }

    private static Set<String> files(Path root) {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, p -> p.getFileName().toString().length() == 2)) {
            for (Path dir : dirs) {
                try (DirectoryStream<Path> in = Files.newDirectoryStream(dir)) {
                    in.forEach(f -> names.add(f.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** The artifact's chunk rows, in order, hash to its name. */
    private static boolean chunksComplete(Connection c, String sha) throws SQLException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int chunks = 0;
        try (PreparedStatement q = c.prepareStatement("SELECT seq, bytes FROM artifact_chunks WHERE sha256 = ? ORDER BY seq")) {
            q.setString(1, sha);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(1) != chunks++) {
                        return false;
                    }
                    digest.update(rs.getBytes(2));
                }
            }
        }
        return chunks > 0 && HexFormat.of().formatHex(digest.digest()).equals(sha);
    }

    private static boolean complete(Path f, String sha) {
        try {
            return Sha256.of(f).equals(sha);
        } catch (IOException e) {
            return false;
        }
    }
}
