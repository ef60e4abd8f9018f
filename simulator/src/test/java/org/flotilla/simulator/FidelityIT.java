package org.flotilla.simulator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.flotilla.datasets.cli.PartitionCli;
import org.flotilla.datasets.synthetic.SyntheticFedProx;
import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.ManagedProcess;
import org.flotilla.demo.federation.Programs;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulated and real: the same 3-client, 3-round MLP job (FedAvg, one worker per client, the same
 * seeds and the same partition folders) once with three edge-client processes against a
 * coordinator process, once with three virtual clients against a coordinator in this JVM. The
 * global weights after round 3 must be bitwise equal. Each client's update is the same
 * computation in both runs (same data read from the same folder, same plan, same round seed, one
 * worker, the same training code). The one thing that differs is the order in which the coordinator
 * adds the updates (by client id, drawn at random at enrolment); it accumulates the float updates in
 * double, so the order moves a sum by a few double ulps, which changes the float result only when
 * the sum lies that close to a float rounding boundary (about 2^-29 per parameter): should that
 * ever happen, the 1e-6 bound checked first still tells a rounding difference from a real one.
 */
class FidelityIT {

    private static final int CLIENTS = 3;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void simulatedClientsGiveTheGlobalWeightsOfRealProcesses() throws Exception {
        Path partitions = dir.resolve("partitions");
        StringWriter err = new StringWriter();
        int code = PartitionCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "--dataset", "synthetic",
                "--clients", Integer.toString(CLIENTS), "--seed", "7", "--out", partitions.toString());
        assertThat(code).as("partition: " + err).isZero();
        Map<String, Object> job = job();

        float[] real = realFederation(partitions, job);

        SimulationResult simulated = Simulation.builder().partitions(partitions).job(job).lanes(1)
                .dir(dir.resolve("simulation")).run();
        assertThat(simulated.state()).isEqualTo("COMPLETED");
        assertThat(simulated.rounds()).hasSize(ROUNDS);
        assertThat(simulated.rounds()).allSatisfy(r -> assertThat(r.participants()).isEqualTo(CLIENTS));
        float[] virtual = WeightsCodec.decode(simulated.finalWeights());

        assertThat(virtual).hasSameSizeAs(real);
        double maxDiff = 0;
        int differing = 0;
        for (int i = 0; i < real.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(real[i] - virtual[i]));
            differing += Float.floatToRawIntBits(real[i]) == Float.floatToRawIntBits(virtual[i]) ? 0 : 1;
        }
        System.out.printf("fidelity: %d of %d parameters differ in their bits, largest difference %.3g%n",
                differing, real.length, maxDiff);
        assertThat(maxDiff).as("largest parameter difference").isLessThanOrEqualTo(1e-6);
        assertThat(differing).as("parameters whose bits differ").isZero();
    }

    private float[] realFederation(Path partitions, Map<String, Object> job) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Programs programs = new Programs(Path.of(System.getProperty("java.home"), "bin", "java"),
                root.resolve("coordinator/target/coordinator-exec.jar"), System.getProperty("java.class.path"));
        assertThat(programs.coordinatorJar()).as("the coordinator's jar (package phase)").exists();
        try (LocalFederation federation = new LocalFederation(programs, dir.resolve("real"), 0, null)) {
            CoordinatorApi api = federation.startCoordinator(List.of("-Xmx1g"), Duration.ofMinutes(2));
            long jobId = api.createJob(WireJson.write(job)).path("id").asLong();
            List<ManagedProcess> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String name = String.format("client-%02d", i);
                clients.add(federation.startClient(name, partitions.resolve(name), 1, List.of("-Xmx512m")));
            }
            long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (true) {
                JsonNode j = api.job(jobId);
                String state = j.path("state").asString();
                if (!state.equals("RUNNING") && !state.equals("CREATED")) {
                    assertThat(state).isEqualTo("COMPLETED");
                    break;
                }
                for (ManagedProcess c : clients) {
                    assertThat(c.isAlive()).as(c.name() + " alive; log:\n" + c.tail(20)).isTrue();
                }
                assertThat(System.nanoTime()).as("the real federation finished in time").isLessThan(end);
                Thread.sleep(250);
            }
            return WeightsCodec.decode(api.rawWeights(jobId, ROUNDS));
        }
    }

    private static Map<String, Object> job() {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", "fidelity");
        job.put("model", Map.of("name", "mlp", "params", Map.of("hidden", List.of(32))));
        job.put("inputShape", List.of(SyntheticFedProx.FEATURES));
        job.put("numClasses", SyntheticFedProx.CLASSES);
        job.put("localEpochs", 1);
        job.put("batchSize", 16);
        job.put("optimizer", Map.of("name", "sgd", "learningRate", 0.05));
        job.put("seed", 42);
        job.put("strategy", Map.of("name", "fedavg"));
        job.put("rounds", ROUNDS);
        job.put("clientsPerRound", CLIENTS);
        job.put("minClients", CLIENTS);
        job.put("overSelection", 1.0);
        job.put("roundTimeoutSeconds", 120);
        return job;
    }
}
