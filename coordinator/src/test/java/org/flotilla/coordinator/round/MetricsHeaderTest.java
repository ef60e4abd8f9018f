package org.flotilla.coordinator.round;

import java.util.Map;

import org.flotilla.coordinator.system.Refused;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.UpdateMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsHeaderTest {

    static UpdateMetrics metrics(long examples, double accuracy, double tlp) {
        return new UpdateMetrics(examples, 0.6, accuracy, null, 0.7, 3.2, 2.9, 1862, 2, tlp, Map.of("k", 1.0));
    }

    @Test
    void saneMetricsAreRead() {
        UpdateMetrics m = MetricsHeader.parse(WireJson.write(metrics(5400, 0.78, 1.93)));
        assertThat(m.examples()).isEqualTo(5400);
        assertThat(m.threadLevelParallelism()).isEqualTo(1.93);
    }

    @Test
    void eachInsaneValueIsNamed() {
        assertField(WireJson.write(metrics(0, 0.5, 1)), "Flotilla-Metrics.examples");
        assertField(WireJson.write(metrics(10, 1.5, 1)), "Flotilla-Metrics.trainAccuracy");
        assertField(WireJson.write(metrics(10, 0.5, -1)), "Flotilla-Metrics.threadLevelParallelism");
        assertField(null, "Flotilla-Metrics");
        assertField("not json", "Flotilla-Metrics");
        assertField("x".repeat(5000), "Flotilla-Metrics");
    }

    private static void assertField(String header, String field) {
        assertThatThrownBy(() -> MetricsHeader.parse(header)).isInstanceOfSatisfying(Refused.class, e -> {
            assertThat(e.reason().status()).isEqualTo(400);
            assertThat(e.slug()).isEqualTo("invalid-metrics");
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.limit()).isNotBlank();
            assertThat(e.properties()).containsEntry("reason", "BAD_METRICS");
        });
    }
}
