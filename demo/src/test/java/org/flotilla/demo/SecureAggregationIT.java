package org.flotilla.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.ManagedProcess;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secure aggregation through the whole system: the real coordinator and three real edge-client
 * processes run the same MLP job twice, with plain FedAvg and with {@code "secureAggregation": {}}
 * (SecAgg+, defaults: r = 1, b_q = 16). Local training is deterministic for the same weights, so
 * after round 1 the secure model differs from the plain one only by the quantization: at most one
 * step 2r/(2^b_q − 1) = 3.05·10⁻⁵ per parameter. The final test accuracies must agree within 0.02.
 */
class SecureAggregationIT {

    static final int CLIENTS = 3;
    static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aSecureFedAvgJobReachesThePlainJobsModelWithinTheQuantizationStep() throws Exception {
        BlobData blobs = new BlobData(11);
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            folders.add(blobs.writeClient(dir.resolve("data"), "client-0" + i, 300 + 100 * i, 0, 200 + i));
        }
        Path evalSet = blobs.writeClient(dir.resolve("data"), "evaluation", 1000, 0, 999);

        try (LocalFederation federation = new LocalFederation(Federations.programs(), dir.resolve("run"), 0, null)) {
            CoordinatorApi api = federation.startCoordinator(Federations.coordinatorOptions(dir), Duration.ofMinutes(2));
            for (int i = 0; i < folders.size(); i++) {
                federation.startClient("client-0" + i, folders.get(i), 1, List.of("-Xmx512m"));
            }
            long started = System.nanoTime();
            JsonNode plain = run(api, federation, Federations.blobJob("plain", CLIENTS, ROUNDS, 0.05, evalSet,
                    Map.of("name", "fedavg")));
            double plainSeconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> secureRequest = Federations.blobJob("secure", CLIENTS, ROUNDS, 0.05, evalSet,
                    Map.of("name", "fedavg"));
            secureRequest.put("secureAggregation", Map.of());
            started = System.nanoTime();
            JsonNode secure = run(api, federation, secureRequest);
            double secureSeconds = (System.nanoTime() - started) / 1e9;

            float[] plainRound1 = WeightsCodec.decode(Federations.get(federation, "/api/v1/jobs/"
                    + plain.path("id").asLong() + "/model?round=1&format=raw"));
            float[] secureRound1 = WeightsCodec.decode(Federations.get(federation, "/api/v1/jobs/"
                    + secure.path("id").asLong() + "/model?round=1&format=raw"));
            double step = 2.0 / ((1 << 16) - 1);
            double worst = 0;
            for (int i = 0; i < plainRound1.length; i++) {
                worst = Math.max(worst, Math.abs(plainRound1[i] - secureRound1[i]));
            }
            double plainAccuracy = plain.path("latestTestAccuracy").asDouble();
            double secureAccuracy = secure.path("latestTestAccuracy").asDouble();
            System.out.printf("round 1: largest parameter difference secure vs plain %.3g (step %.3g); final test"
                            + " accuracy plain %.4f, secure %.4f; job time plain %.1f s, secure %.1f s%n", worst, step,
                    plainAccuracy, secureAccuracy, plainSeconds, secureSeconds);
            assertThat(worst).as("round 1, secure vs plain, largest parameter difference").isLessThan(step + 1e-6);
            assertThat(Math.abs(secureAccuracy - plainAccuracy)).as("final test accuracy, secure vs plain")
                    .isLessThanOrEqualTo(0.02);
            assertThat(secureAccuracy).isGreaterThan(0.6);
            assertThat(federation.clients()).allMatch(ManagedProcess::isAlive);
        }
    }

    private static JsonNode run(CoordinatorApi api, LocalFederation federation, Map<String, Object> request)
            throws Exception {
        long jobId = api.createJob(WireJson.write(request)).path("id").asLong();
        JsonNode job = Federations.awaitTerminal(api, jobId, federation.clients(), Duration.ofMinutes(2));
        assertThat(job.path("state").asString()).as("job " + request.get("name") + "; reason " + job.path("reason"))
                .isEqualTo("COMPLETED");
        return job;
    }
}
