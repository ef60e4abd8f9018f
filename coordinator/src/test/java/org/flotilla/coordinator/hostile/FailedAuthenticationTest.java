package org.flotilla.coordinator.hostile;

import java.net.http.HttpResponse;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.protocol.ProtocolPaths;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile devices: guessing secrets. After {@code flotilla.limits.auth-failures} refused
 * credentials from one address, every request of that address that carries credentials — right or
 * wrong — gets 429 with {@code Retry-After} until the window ends; requests without credentials
 * (health) are not affected.
 */
@TestPropertySource(properties = {"flotilla.limits.auth-failures=3", "flotilla.limits.auth-window=1h"})
class FailedAuthenticationTest extends IntegrationTest {

    @Test
    void anAddressThatFailedTooOftenIsRefused429EvenWithTheRightSecret() {
        TestEdgeClient device = enrol("guessed", Blobs.sample(40, 3));
        for (int i = 0; i < 3; i++) {
            assertThat(checkIn(Http.basic(device.id(), "guess-" + i)).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> right = checkIn(device.authorization());
        HttpResponse<String> bearer = Http.send(Http.request(base(), "/api/v1/jobs", Http.bearer(ADMIN_TOKEN)).GET().build());
        HttpResponse<String> health = Http.send(Http.request(base(), "/actuator/health", null).GET().build());

        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(right.body()).contains("too-many-failed-logins");
        assertThat(Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        assertThat(bearer.statusCode()).isEqualTo(429);
        assertThat(health.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> checkIn(String authorization) {
        return Http.send(Http.request(base(), ProtocolPaths.checkIn(authorization.startsWith("Basic") ? idOf(authorization) : "x"),
                authorization).header("Content-Type", "application/json").POST(Http.json("{\"waitSeconds\":0}")).build());
    }

    private static String idOf(String basic) {
        String decoded = new String(java.util.Base64.getDecoder().decode(basic.substring(6)), java.nio.charset.StandardCharsets.UTF_8);
        return decoded.substring(0, decoded.indexOf(':'));
    }
}
