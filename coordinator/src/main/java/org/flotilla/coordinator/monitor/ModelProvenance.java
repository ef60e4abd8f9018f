package org.flotilla.coordinator.monitor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.system.Version;
import org.flotilla.model.json.WireJson;
import tools.jackson.databind.JsonNode;

/**
 * The provenance a downloaded model carries inside its DL4J zip, as the JSON entry
 * {@value #ENTRY}: the job, the round, the weights' hash, the plan, the seed, the software version
 * and, for a model after a round, that round's complete provenance record (strategy and settings,
 * strategy-state hashes before and after, every contributing update's hash and example count).
 */
final class ModelProvenance {

    /** The zip entry's name. */
    static final String ENTRY = "flotilla-provenance.json";

    private ModelProvenance() {
    }

    /** The entry's bytes. */
    static byte[] json(Job job, int round, String weightsSha256, byte[] roundProvenance) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("jobId", job.id());
        p.put("jobName", job.name());
        p.put("round", round);
        p.put("weightsSha256", weightsSha256);
        p.put("planSha256", job.planSha256());
        p.put("initialWeightsSha256", job.initialWeightsSha256());
        p.put("seed", job.seed());
        p.put("parameterCount", job.parameterCount());
        p.put("softwareVersion", Version.coordinator());
        p.put("roundProvenance", roundProvenance == null ? null : WireJson.mapper().readTree(roundProvenance));
        return WireJson.write(p).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Adds the entry to the zip file {@code zip}. */
    static void addTo(Path zip, byte[] json) throws IOException {
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of())) {
            Files.write(fs.getPath(ENTRY), json);
        }
    }

    /** The round provenance inside an entry, or null (for tests and tools). */
    static JsonNode roundProvenance(byte[] entry) {
        JsonNode n = WireJson.mapper().readTree(entry).get("roundProvenance");
        return n == null || n.isNull() ? null : n;
    }
}
