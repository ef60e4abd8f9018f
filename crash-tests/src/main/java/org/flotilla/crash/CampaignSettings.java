package org.flotilla.crash;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a campaign runs.
 *
 * @param coordinatorJar the built {@code coordinator-exec.jar}
 * @param work           a scratch folder: the fast-start cache and one folder per campaign
 * @param cycles         each cycle kills once at every {@link KillPoint}
 * @param seed           for the kill delays (0–3 ms after an acknowledgement)
 * @param fastStart      extract the jar and train a JVM class cache once ({@link FastStart})
 * @param dbUrl          a scratch PostgreSQL database ({@code jdbc:postgresql://…}) instead of the
 *                       embedded H2 one; the campaign wipes its {@code public} schema first
 * @param dbUser         its user
 * @param dbPassword     its password
 * @param databaseStore  the coordinator keeps artifact bytes in the database
 *                       ({@code flotilla.artifacts.store=database}) instead of files
 */
public record CampaignSettings(Path coordinatorJar, Path work, int cycles, long seed, boolean fastStart,
                               String dbUrl, String dbUser, String dbPassword, boolean databaseStore) {

    /**
     * From system properties: {@code flotilla.coordinator.jar}, {@code crash.work},
     * {@code crash.cycles} (default {@code defaultCycles}), {@code crash.seed}, {@code crash.fastStart},
     * {@code crash.store} ({@code filesystem}, the default, or {@code database}),
     * and {@code FLOTILLA_TEST_DB_URL} / {@code FLOTILLA_DB_USER} / {@code FLOTILLA_DB_PASSWORD}
     * from the environment (the same as the coordinator's PostgresTest).
     */
    public static CampaignSettings fromSystem(int defaultCycles) {
        Path root = Path.of("").toAbsolutePath();
        Path repo = root.getFileName().toString().equals("crash-tests") ? root.getParent() : root;
        String jar = System.getProperty("flotilla.coordinator.jar",
                repo.resolve("coordinator/target/coordinator-exec.jar").toString());
        String work = System.getProperty("crash.work", repo.resolve("crash-tests/target/crash").toString());
        String url = System.getenv("FLOTILLA_TEST_DB_URL");
        return new CampaignSettings(Path.of(jar), Path.of(work),
                Integer.getInteger("crash.cycles", defaultCycles), Long.getLong("crash.seed", 11),
                Boolean.parseBoolean(System.getProperty("crash.fastStart", "true")),
                url == null || url.isBlank() ? null : url,
                System.getenv().getOrDefault("FLOTILLA_DB_USER", "flotilla"),
                System.getenv().getOrDefault("FLOTILLA_DB_PASSWORD", ""),
                "database".equals(System.getProperty("crash.store", "filesystem")));
    }

    public CampaignSettings withCycles(int n) {
        return new CampaignSettings(coordinatorJar, work, n, seed, fastStart, dbUrl, dbUser, dbPassword, databaseStore);
    }

    public CampaignSettings withSeed(long s) {
        return new CampaignSettings(coordinatorJar, work, cycles, s, fastStart, dbUrl, dbUser, dbPassword, databaseStore);
    }

    public CampaignSettings withDatabaseStore(boolean database) {
        return new CampaignSettings(coordinatorJar, work, cycles, seed, fastStart, dbUrl, dbUser, dbPassword, database);
    }

    /** The same campaign on the embedded H2 database. */
    public CampaignSettings onH2() {
        return new CampaignSettings(coordinatorJar, work, cycles, seed, fastStart, null, dbUser, dbPassword, databaseStore);
    }

    public int kills() {
        return cycles * KillPoint.values().length;
    }

    /** The coordinator's options for this campaign: quick housekeeping, and the database if not H2. */
    List<String> coordinatorOptions() {
        List<String> o = new ArrayList<>(List.of(
                "-Dflotilla.artifacts.orphan-age=2s", "-Dflotilla.artifacts.stale-temp-age=3s",
                "-Dflotilla.artifacts.sweep-interval=1s", "-Dflotilla.check-in.recheck-interval=200ms",
                "-Dflotilla.check-in.retry-after=1s", "-Dflotilla.sweep-interval=1s", "-Dflotilla.tensor-pool-size=1",
                "-Dlogging.level.org.flotilla.coordinator.artifact=INFO"));
        if (databaseStore) {
            o.add("-Dflotilla.artifacts.store=database");
        }
        if (dbUrl != null) {
            o.addAll(List.of("-Dspring.profiles.active=postgres", "-DFLOTILLA_DB_URL=" + dbUrl,
                    "-DFLOTILLA_DB_USER=" + dbUser, "-DFLOTILLA_DB_PASSWORD=" + dbPassword));
        }
        return o;
    }

    /** Where the store audit reads the database after the last clean stop. */
    String auditUrl(Path dataDir) {
        return dbUrl != null ? dbUrl : "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db").resolve("flotilla");
    }
}
