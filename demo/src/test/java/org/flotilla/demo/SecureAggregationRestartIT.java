package org.flotilla.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.ManagedProcess;
import org.flotilla.model.json.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secure round survives the coordinator's death between phases' answers: the real coordinator
 * is SIGKILLed right after it acknowledged the first masked input of round 1, and again right
 * after it acknowledged the first unmask response of round 2, and restarted each time on the same
 * data directory while four real edge-client processes keep running and retry.
 *
 * <p>What the coordinator acknowledged must be what the restarted one goes on with: the rounds
 * keep their single attempt (no protocol restart, which would throw away acknowledged answers),
 * every acknowledged masked input is still in its round with the same hash, and the secure
 * round 1 — all four clients survive — equals the plain job's round 1 (FedAvg of the same four
 * deterministic updates in the clear) within one quantization step 2r/(2^b_q − 1) = 3.05·10⁻⁵ per
 * parameter, so the unmasking after the restart removed every mask exactly once.
 *
 * <p>A client whose masked input of round 1 was acknowledged (the first by id, when several were
 * acknowledged together) is SIGKILLed at the same moment as the coordinator and restarted on the same state directory. It saved its round state
 * before it sent the masked input and writes nothing after the 2xx, so whether the 2xx reached it
 * or not (the coordinator dies too) its state directory is the same and the restarted process
 * cannot tell: it must go on from that state (answer the unmask request, or send the identical
 * masked input again if it is asked again). Its contribution must count exactly once: its
 * acknowledged masked input stays in the round with the same hash, and round 1 still equals the
 * plain FedAvg of all four clients within one step (dropping it would give the mean of three,
 * counting it twice a weight doubled — each far more than a step off).
 */
class SecureAggregationRestartIT {

    static final int CLIENTS = 4;
    static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aSecureJobCompletesAcrossCoordinatorKillsInTheMaskedInputAndUnmaskingPhases() throws Exception {
        BlobData blobs = new BlobData(17);
        List<Path> folders = new ArrayList<>();
        Map<String, Path> folderOf = new HashMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            folders.add(blobs.writeClient(dir.resolve("data"), "client-0" + i, 300 + 100 * i, 0, 300 + i));
            folderOf.put("client-0" + i, folders.get(i));
        }
        Path evalSet = blobs.writeClient(dir.resolve("data"), "evaluation", 500, 0, 999);
        List<String> coordinatorOptions = Federations.coordinatorOptions(dir);

        try (LocalFederation federation = new LocalFederation(Federations.programs(), dir.resolve("run"), 0, null)) {
            CoordinatorApi api = federation.startCoordinator(coordinatorOptions, Duration.ofMinutes(2));
            List<ManagedProcess> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(startClient(federation, "client-0" + i, folders.get(i)));
            }
            long plainId = api.createJob(WireJson.write(job(evalSet, "plain", false))).path("id").asLong();
            JsonNode plain = Federations.awaitTerminal(api, plainId, clients, Duration.ofMinutes(2));
            assertThat(plain.path("state").asString()).as("plain job; reason " + plain.path("reason"))
                    .isEqualTo("COMPLETED");

            Map<String, String> names = new HashMap<>();
            Federations.clientIds(federation).forEach((name, id) -> names.put(id, name));
            long secureId = api.createJob(WireJson.write(job(evalSet, "secure", true))).path("id").asLong();
            // Round 1: a client whose masked input was acknowledged dies with the coordinator.
            List<String> killedClients = new ArrayList<>();
            Map<String, String> beforeKill1 = killAfterFirstAnswer(federation, api, secureId, 1, MASKED_INPUT,
                    clients, names, killedClients);
            assertThat(killedClients).as("clients killed with the coordinator in round 1").isNotEmpty();
            for (String name : killedClients) {
                // the same state directory: the restarted process finds the round's saved state
                // (started first, it retries until the coordinator is back)
                clients.add(startClient(federation, name, folderOf.get(name)));
            }
            api = federation.startCoordinator(coordinatorOptions, Duration.ofMinutes(2));
            Map<String, String> beforeKill2 = killAfterFirstAnswer(federation, api, secureId, 2, UNMASKING,
                    List.of(), names, new ArrayList<>());
            api = federation.startCoordinator(coordinatorOptions, Duration.ofMinutes(2));

            JsonNode secure = Federations.awaitTerminal(api, secureId, clients, Duration.ofMinutes(3));
            assertThat(secure.path("state").asString()).as("secure job; reason " + secure.path("reason"))
                    .isEqualTo("COMPLETED");
            for (int round = 1; round <= ROUNDS; round++) {
                JsonNode attempts = api.round(secureId, round).path("attempts");
                assertThat(attempts).as("round " + round + "'s attempts").hasSize(1);
                JsonNode attempt = attempts.get(0);
                assertThat(attempt.path("summary").path("state").asString()).isEqualTo("COMPLETED");
                assertThat(Federations.statuses(attempt.path("phases").get(MASKED_INPUT)).values())
                        .as("round " + round + ": every client's masked input counted").hasSize(CLIENTS)
                        .containsOnly("REPORTED");
            }
            // The masked inputs acknowledged before the first kill are the round's, unchanged.
            Map<String, String> round1 = hashes(api.round(secureId, 1).path("attempts").get(0)
                    .path("phases").get(MASKED_INPUT));
            assertThat(round1).containsAllEntriesOf(beforeKill1);
            assertThat(Federations.statuses(api.round(secureId, 2).path("attempts").get(0).path("phases").get(UNMASKING)))
                    .as("round 2's unmask responses acknowledged before the second kill")
                    .containsAllEntriesOf(beforeKill2);

            float[] secureRound1 = Federations.rawModel(federation, secureId, 1);
            float[] plainRound1 = Federations.rawModel(federation, plainId, 1);
            double step = 2.0 / ((1 << 16) - 1);
            double worst = 0;
            for (int j = 0; j < plainRound1.length; j++) {
                worst = Math.max(worst, Math.abs(secureRound1[j] - plainRound1[j]));
            }
            System.out.printf("secure job across two coordinator kills (after %d acknowledged masked input(s) of"
                            + " round 1, their client(s) %s killed and restarted too; after %d acknowledged unmask"
                            + " response(s) of round 2): round 1 differs from the plain FedAvg by at most %.3g (step"
                            + " %.3g); final test accuracy plain %.4f, secure %.4f%n", beforeKill1.size(),
                    killedClients, beforeKill2.size(), worst, step,
                    plain.path("latestTestAccuracy").asDouble(), secure.path("latestTestAccuracy").asDouble());
            assertThat(worst).as("secure round 1 after the restart vs plain FedAvg of the same four updates")
                    .isLessThan(step + 1e-6);
            assertThat(clients).allMatch(ManagedProcess::isAlive);
        }
    }

    private static ManagedProcess startClient(LocalFederation federation, String name, Path folder) throws Exception {
        // short retry delays: the clients find the restarted coordinator within a second or two
        return federation.startClient(name, folder, 1, List.of("-Xmx384m"),
                List.of("--backoff-initial", "0.2", "--backoff-max", "1"));
    }

    /** The phases' positions in a secure attempt's {@code phases}. */
    static final int MASKED_INPUT = 2;
    static final int UNMASKING = 3;

    /**
     * SIGKILLs the coordinator as soon as round {@code round}'s phase {@code phase} shows an
     * acknowledged answer — and, just before it, the first (by id) of {@code clients} whose answer
     * it shows acknowledged, if it is among them ({@code names}: client id → process name; the
     * process is removed from {@code clients} and its name added to {@code killed}); returns what that phase had acknowledged then (client → masked input
     * hash for the masked-input phase, client → status for the unmasking phase).
     */
    private static Map<String, String> killAfterFirstAnswer(LocalFederation federation, CoordinatorApi api,
                                                            long jobId, int round, int phase,
                                                            List<ManagedProcess> clients, Map<String, String> names,
                                                            List<String> killed) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            assertThat(System.nanoTime()).as("round " + round + " phase " + phase + " answered in time")
                    .isLessThan(end);
            JsonNode attempts;
            try {
                attempts = api.round(jobId, round).path("attempts");
            } catch (IOException notYet) {
                // 404 until the round opens
                assertThat(notYet.getMessage()).contains("HTTP 404");
                Thread.sleep(5);
                continue;
            }
            JsonNode phases = attempts.isArray() && !attempts.isEmpty() ? attempts.get(0).path("phases") : null;
            if (phases != null && phases.size() > phase) {
                Map<String, String> statuses = Federations.statuses(phases.get(phase));
                if (statuses.containsValue("REPORTED")) {
                    statuses.values().removeIf(st -> !st.equals("REPORTED"));
                    // One client is enough (several are often acknowledged together): restarting a
                    // JVM costs seconds on a loaded machine.
                    String first = statuses.keySet().stream().sorted().findFirst().orElseThrow();
                    Optional<ManagedProcess> dies = clients.stream().filter(c -> c.name().equals(names.get(first)))
                            .findFirst();
                    if (dies.isPresent()) {
                        dies.get().kill();
                        clients.remove(dies.get());
                        killed.add(dies.get().name());
                    }
                    federation.coordinator().kill();
                    if (phase == MASKED_INPUT) {
                        return hashes(phases.get(phase));
                    }
                    return statuses;
                }
            }
            Thread.sleep(5);
        }
    }

    private static Map<String, Object> job(Path evalSet, String name, boolean secure) {
        Map<String, Object> request = Federations.blobJob(name, CLIENTS, ROUNDS, 0.05, evalSet,
                Map.of("name", "fedavg"));
        request.put("model", Map.of("name", "mlp", "params", Map.of("hidden", List.of(256))));
        if (secure) {
            request.put("secureAggregation", Map.of());
            request.put("roundTimeoutSeconds", 90);
        }
        return request;
    }


    /** Client → hash of its stored masked input, for the participants that reported one. */
    private static Map<String, String> hashes(JsonNode phase) {
        Map<String, String> h = new HashMap<>();
        phase.path("participants").forEach(p -> {
            if ("REPORTED".equals(p.path("status").asString()) && p.path("update").isObject()) {
                h.put(p.path("clientId").asString(), p.path("update").path("sha256").asString());
            }
        });
        return h;
    }

}
