package org.flotilla.coordinator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.flotilla.coordinator.strategy.AggregationOutcome;
import org.flotilla.coordinator.strategy.ClientUpdate;
import org.flotilla.coordinator.strategy.RoundContext;
import org.flotilla.coordinator.strategy.Strategies;
import org.flotilla.coordinator.strategy.StrategyState;
import org.flotilla.coordinator.strategy.UpdateSource;
import org.flotilla.coordinator.support.AdminApi;
import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.network.Networks;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every round's provenance is complete: from the stored record and the artifacts it names alone
 * (fetched over HTTP by hash), a round of a stateful strategy (FedAdam: moment estimates carried
 * between rounds) is recomputed bit for bit — the same new weights and the same strategy state —
 * and the downloadable DL4J zip carries the same record.
 */
class ProvenanceTest extends IntegrationTest {

    @Test
    void aStoredRoundIsRecomputedFromItsProvenanceAloneAndTheModelZipCarriesIt() throws Exception {
        List<TestEdgeClient> clients = List.of(enrol("p1", Blobs.sample(90, 71)), enrol("p2", Blobs.sample(130, 72)),
                enrol("p3", Blobs.sample(60, 73)));
        long job = admin().createJob(JobJson.of("rounds", 2, "clientsPerRound", 3, "minClients", 3,
                "strategy", Map.of("name", "fedadam", "eta", 0.05)));
        for (int round = 1; round <= 2; round++) {
            for (TestEdgeClient c : clients) {
                assertThat(c.upload(c.train(c.awaitAssignment(Duration.ofSeconds(10)))).statusCode()).isEqualTo(201);
            }
            admin().awaitCompletedRounds(job, round);
        }
        admin().awaitJob(job, Duration.ofSeconds(10), j -> j.get("state").asString().equals("COMPLETED"));

        for (int round = 1; round <= 2; round++) {
            JsonNode provenance = admin().round(job, round).get("attempts").get(0).get("provenance");
            assertThat(provenance.get("softwareVersion").asString()).isNotBlank();
            assertThat(provenance.get("contributions")).hasSize(3);
            if (round == 2) {
                assertThat(provenance.get("strategyStateBefore").asString())
                        .isEqualTo(admin().round(job, 1).get("attempts").get(0).get("provenance")
                                .get("strategyStateAfter").asString());
            }
            recompute(admin(), provenance);
        }
        assertTheZipCarriesTheProvenance(job, admin().round(job, 2).get("attempts").get(0).get("provenance"));
    }

    /** Runs the recorded strategy over the recorded inputs and compares with the recorded outputs. */
    static void recompute(AdminApi admin, JsonNode p) {
        float[] global = WeightsCodec.decode(artifact(admin, p.get("previousWeightsSha256").asString()));
        StrategyState before = state(admin, p.get("strategyStateBefore"));
        List<ClientUpdate> updates = new ArrayList<>();
        for (JsonNode c : p.get("contributions")) {
            byte[] bytes = artifact(admin, c.get("sha256").asString());
            updates.add(new ClientUpdate(c.get("clientId").asString(), c.get("examples").asLong(), null,
                    () -> WeightsCodec.decode(bytes)));
        }
        Map<String, Object> settings = WireJson.mapper().convertValue(p.get("strategySettings"), new TypeReference<>() {
        });
        RoundContext context = new RoundContext(p.get("jobId").asLong(), p.get("round").asInt(), p.get("selected").asInt(),
                p.get("roundSeed").asLong());
        AggregationOutcome outcome = Strategies.create(p.get("strategy").asString(), settings)
                .aggregate(context, global, UpdateSource.of(updates), before);
        assertThat(outcome).isInstanceOf(AggregationOutcome.NewModel.class);
        AggregationOutcome.NewModel model = (AggregationOutcome.NewModel) outcome;
        assertThat(Sha256.of(WeightsCodec.encode(model.weights()))).as("recomputed weights of round %s", p.get("round"))
                .isEqualTo(p.get("weightsSha256").asString());
        StrategyState after = state(admin, p.get("strategyStateAfter"));
        assertThat(model.state().scalars()).isEqualTo(after.scalars());
        assertThat(model.state().vectors().keySet()).isEqualTo(after.vectors().keySet()).isNotEmpty();
        model.state().vectors().forEach((name, v) -> assertThat(v).as(name).containsExactly(after.vector(name)));
    }

    private static StrategyState state(AdminApi admin, JsonNode manifestSha) {
        if (manifestSha == null || manifestSha.isNull()) {
            return StrategyState.EMPTY;
        }
        JsonNode manifest = WireJson.mapper().readTree(artifact(admin, manifestSha.asString()));
        Map<String, float[]> vectors = new LinkedHashMap<>();
        manifest.get("vectors").properties().forEach(e -> vectors.put(e.getKey(),
                WeightsCodec.decode(artifact(admin, e.getValue().asString()))));
        Map<String, Double> scalars = new LinkedHashMap<>();
        manifest.get("scalars").properties().forEach(e -> scalars.put(e.getKey(), e.getValue().asDouble()));
        return new StrategyState(vectors, scalars);
    }

    private static byte[] artifact(AdminApi admin, String sha) {
        byte[] bytes = admin.getBytes("/api/v1/artifacts/" + sha).body();
        assertThat(Sha256.of(bytes)).isEqualTo(sha);
        return bytes;
    }

    private void assertTheZipCarriesTheProvenance(long job, JsonNode provenance) throws IOException {
        byte[] zip = admin().getBytes("/api/v1/jobs/" + job + "/model").body();
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), false);
        assertThat(Networks.parameters(restored)).containsExactly(admin().rawModel(job, 2));
        JsonNode entry = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals("flotilla-provenance.json")) {
                    entry = WireJson.mapper().readTree(in.readAllBytes());
                }
            }
        }
        assertThat(entry).as("flotilla-provenance.json in the zip").isNotNull();
        assertThat(entry.get("round").asInt()).isEqualTo(2);
        assertThat(entry.get("weightsSha256").asString()).isEqualTo(provenance.get("weightsSha256").asString());
        assertThat(entry.get("roundProvenance")).isEqualTo(provenance);
    }
}
