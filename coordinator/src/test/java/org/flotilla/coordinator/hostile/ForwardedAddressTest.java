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
 * Behind a reverse proxy ({@code server.forward-headers-strategy=native}) the failed-authentication
 * throttle counts the address the proxy forwards, not the proxy's: a device that failed too often
 * is refused, while another device behind the same proxy (here: loopback, a trusted proxy address)
 * is not.
 */
@TestPropertySource(properties = {"server.forward-headers-strategy=native",
        "flotilla.limits.auth-failures=3", "flotilla.limits.auth-window=1h"})
class ForwardedAddressTest extends IntegrationTest {

    private static final String GUESSER = "203.0.113.9";
    private static final String NEIGHBOUR = "198.51.100.20";

    @Test
    void theThrottleCountsTheForwardedAddress() {
        TestEdgeClient device = enrol("behind-proxy", Blobs.sample(40, 3));
        for (int i = 0; i < 3; i++) {
            assertThat(checkIn(Http.basic(device.id(), "guess-" + i), GUESSER).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> guesser = checkIn(device.authorization(), GUESSER);
        HttpResponse<String> neighbour = checkIn(device.authorization(), NEIGHBOUR);

        assertThat(guesser.statusCode()).isEqualTo(429);
        assertThat(guesser.body()).contains(GUESSER);
        assertThat(neighbour.statusCode()).as(neighbour.body()).isEqualTo(200);
    }

    private HttpResponse<String> checkIn(String authorization, String forwardedFor) {
        return Http.send(Http.request(base(), ProtocolPaths.checkIn(idOf(authorization)), authorization)
                .header("X-Forwarded-For", forwardedFor)
                .header("Content-Type", "application/json").POST(Http.json("{\"cores\":1,\"examples\":0,\"platform\":\"test\",\"clientVersion\":\"1\"}")).build());
    }

    private static String idOf(String basic) {
        String decoded = new String(java.util.Base64.getDecoder().decode(basic.substring(6)), java.nio.charset.StandardCharsets.UTF_8);
        return decoded.substring(0, decoded.indexOf(':'));
    }
}
