package org.flotilla.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.flotilla.model.codec.Sha256;

/**
 * The artifact folder as a reader would find it: every file under {@code artifacts/<xx>/} must be
 * complete, i.e. hash to its name (a half-written file there would be visible to readers), and
 * every artifact the API names must be there. Files are immutable, so each is hashed once. With
 * the database store the artifacts the API names are downloaded instead (as the operator) and
 * must hash to their names; no file may appear in the shard folders.
 */
final class StoreCheck {

    private final Path root;
    private final AdminView databaseStore;
    private final Map<Path, String> hashed = new HashMap<>();
    private final Set<String> downloaded = new HashSet<>();

    /**
     * @param databaseStore how to download artifacts when the coordinator keeps them in the
     *                      database, null when it keeps them in files
     */
    StoreCheck(Path dataDir, AdminView databaseStore) {
        this.root = dataDir.resolve("artifacts");
        this.databaseStore = databaseStore;
    }

    Path root() {
        return root;
    }

    /** The artifact exists and is complete. */
    void requireIntact(String sha256, String what) {
        if (sha256 == null || sha256.isEmpty()) {
            throw new Violation(what + " names no artifact");
        }
        if (databaseStore != null) {
            requireDownloadable(sha256, what);
            return;
        }
        Path file = root.resolve(sha256.substring(0, 2)).resolve(sha256);
        if (!Files.isRegularFile(file)) {
            throw new Violation(what + ": artifact " + sha256 + " is recorded but its file is missing");
        }
        requireComplete(file);
    }

    private void requireDownloadable(String sha256, String what) {
        if (downloaded.contains(sha256)) {
            return;
        }
        try {
            HttpResponse<byte[]> r = databaseStore.artifact(sha256);
            if (r.statusCode() != 200) {
                throw new Violation(what + ": artifact " + sha256 + " is recorded but answers " + r.statusCode());
            }
            if (!Sha256.of(r.body()).equals(sha256)) {
                throw new Violation(what + ": artifact " + sha256 + " downloads incomplete or altered (" + r.body().length + " bytes)");
            }
            downloaded.add(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every file in the shard folders hashes to its name; returns how many there are. */
    int scan() {
        int files = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, p -> p.getFileName().toString().length() == 2)) {
            for (Path dir : dirs) {
                try (DirectoryStream<Path> in = Files.newDirectoryStream(dir)) {
                    for (Path f : in) {
                        if (databaseStore != null) {
                            throw new Violation("an artifact file appeared with the database store: " + f);
                        }
                        requireComplete(f);
                        files++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private void requireComplete(Path file) {
        try {
            String stamp = Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
            if (stamp.equals(hashed.get(file))) {
                return;
            }
            String name = file.getFileName().toString();
            if (!Sha256.isValid(name) || !Sha256.of(file).equals(name)) {
                throw new Violation("half-written or foreign file visible in the artifact store: " + file);
            }
            hashed.put(file, stamp);
        } catch (java.nio.file.NoSuchFileException swept) {
            hashed.remove(file); // an orphan the sweep deleted meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
