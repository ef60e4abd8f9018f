package org.flotilla.coordinator.artifact;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

import org.flotilla.model.codec.WeightsCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a test of timing: upload (an update streamed into a temporary file, then
 * adopted) and download (streamed out to the end) of updates of the MLP's size (199,210 floats,
 * 0.8 MB) and the CNN's (1,663,370 floats, 6.7 MB), on the filesystem store and on the database
 * store, both with their rows on PostgreSQL. Prints the median milliseconds and MB/s of each; only
 * checks that the bytes come back. Run with
 * {@code scripts/test-postgres.sh ./mvnw -B -pl coordinator -am test -Dtest=ArtifactStoreThroughputTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dflotilla.bench.artifacts=true}.
 */
@EnabledIfSystemProperty(named = "flotilla.bench.artifacts", matches = "true")
@EnabledIfEnvironmentVariable(named = "FLOTILLA_TEST_DB_URL", matches = "jdbc:postgresql:.+")
class ArtifactStoreThroughputTest {

    private static final int REPEATS = Integer.getInteger("flotilla.bench.repeats", 15);

    @TempDir
    Path dir;

    @Test
    void uploadAndDownloadOnBothStores() throws Exception {
        for (ArtifactProperties.Store kind : ArtifactProperties.Store.values()) {
            Path data = Files.createDirectories(dir.resolve(kind.name().toLowerCase(Locale.ROOT)));
            try (StoreFixture f = StoreFixture.onPostgres(data, System.getenv("FLOTILLA_TEST_DB_URL"),
                    System.getenv().getOrDefault("FLOTILLA_DB_USER", "flotilla"),
                    System.getenv().getOrDefault("FLOTILLA_DB_PASSWORD", ""), "artifact_store_bench", kind)) {
                for (int floats : new int[] {199_210, 1_663_370}) {
                    measure(kind, f.store, floats);
                }
            }
        }
    }

    private static void measure(ArtifactProperties.Store kind, ArtifactStore store, int floats) throws Exception {
        float[] values = new float[floats];
        long[] up = new long[REPEATS + 2];
        long[] down = new long[REPEATS + 2];
        long bytes = 0;
        byte[] sink = new byte[64 * 1024];
        for (int i = 0; i < up.length; i++) { // the first two are warm-up
            Arrays.fill(values, i + 1f); // new bytes every time: no write is a no-op
            long t0 = System.nanoTime();
            Path temp = store.newTempFile();
            MessageDigest sha = ArtifactStore.sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
                WeightsCodec.write(values, out);
            }
            bytes = Files.size(temp);
            StoredArtifact a = store.adopt(ArtifactKind.UPDATE, temp, HexFormat.of().formatHex(sha.digest()), bytes);
            long t1 = System.nanoTime();
            long read = 0;
            try (InputStream in = store.open(a.sha256())) {
                for (int n; (n = in.read(sink)) != -1; ) {
                    read += n;
                }
            }
            long t2 = System.nanoTime();
            assertThat(read).isEqualTo(bytes);
            up[i] = t1 - t0;
            down[i] = t2 - t1;
        }
        System.out.printf(Locale.ROOT, "artifact store %-10s %9d bytes: upload %7.1f ms (%6.1f MB/s), download %7.1f ms (%6.1f MB/s), median of %d%n",
                kind.name().toLowerCase(Locale.ROOT), bytes, median(up) / 1e6, bytes / (median(up) / 1e9) / 1e6,
                median(down) / 1e6, bytes / (median(down) / 1e9) / 1e6, REPEATS);
    }

    private static double median(long[] all) {
        long[] m = Arrays.copyOfRange(all, 2, all.length);
        Arrays.sort(m);
        return m.length % 2 == 1 ? m[m.length / 2] : (m[m.length / 2 - 1] + m[m.length / 2]) / 2.0;
    }
}
