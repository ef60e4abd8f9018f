package org.flotilla.simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flotilla.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A centrally differentially private job through the simulator: the virtual clients are all
 * enrolled before the job is created, so its population N (and δ = 1/N, m = qN) is the simulated
 * population; every round is the coordinator's Poisson sample of the enrolled clients, and since
 * every virtual client is online and none drops out, every sampled client contributes its update.
 * The ε of the job is the library's accountant for the rounds run.
 */
class PrivateSimulationTest {

    static final int CLIENTS = 40;
    static final double Q = 0.25;
    static final double Z = 1.0;
    static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aDpJobSamplesTheWholeSimulatedPopulation() throws Exception {
        SimulationResult r = Simulation.builder().clients(CLIENTS).rounds(ROUNDS).model("logreg").dataset("synthetic")
                .lanes(1).roundTimeoutSeconds(60).dir(dir)
                .jobSetting("differentialPrivacy", Map.of("samplingRate", Q, "noiseMultiplier", Z, "clipNorm", 0.5))
                .run();

        assertThat(r.state()).isEqualTo("COMPLETED");
        assertThat(r.failures()).isEmpty();
        JsonNode dp = r.job().path("differentialPrivacy");
        assertThat(dp.path("population").asLong()).isEqualTo(CLIENTS);
        assertThat(dp.path("expectedClients").asDouble()).isCloseTo(Q * CLIENTS, within(1e-9));
        assertThat(dp.path("delta").asDouble()).isCloseTo(1.0 / CLIENTS, within(1e-12));
        List<JsonNode> rounds = new ArrayList<>();
        r.roundRecords().forEach(rounds::add);
        assertThat(rounds).hasSize(ROUNDS);
        for (JsonNode round : rounds) {
            JsonNode p = round.path("privacy");
            assertThat(p.path("samplingRate").asDouble()).isEqualTo(Q);
            int sampled = p.path("sampled").asInt();
            assertThat(sampled).as("Poisson sample of round " + round.path("round")).isBetween(1, CLIENTS);
            assertThat(p.path("release").path("contributors").asInt()).as("contributors of round " + round.path("round"))
                    .isEqualTo(sampled);
        }
        double expected = RdpAccountant.create().compose(Q, Z, ROUNDS).epsilon(1.0 / CLIENTS).epsilon();
        assertThat(r.job().at("/privacy/epsilon").asDouble()).isCloseTo(expected, within(1e-9));
    }
}
