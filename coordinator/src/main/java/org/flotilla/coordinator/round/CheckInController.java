package org.flotilla.coordinator.round;

import java.time.Duration;
import java.util.Optional;

import org.flotilla.coordinator.client.ClientService;
import org.flotilla.coordinator.system.ApiException;
import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.CheckInRequest;
import org.flotilla.model.wire.CheckInResponse;
import org.flotilla.model.wire.DeclineRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The client's calls about work: check-in (long-poll) and declining an assignment. */
@RestController
class CheckInController {

    private final ClientService clients;
    private final AssignmentService assignments;
    private final FlotillaProperties.CheckIn config;

    CheckInController(ClientService clients, AssignmentService assignments, FlotillaProperties properties) {
        this.clients = clients;
        this.assignments = assignments;
        this.config = properties.checkIn();
    }

    @PostMapping("/api/v1/clients/{clientId}/check-in")
    ResponseEntity<CheckInResponse> checkIn(@PathVariable String clientId, @RequestParam(defaultValue = "0") int wait,
                                            @RequestBody CheckInRequest request) {
        if (wait < 0) {
            throw ApiException.badField("wait", ">= 0 seconds", "wait must not be negative, was " + wait);
        }
        clients.recordCheckIn(clientId, request);
        Duration hold = Duration.ofSeconds(wait).compareTo(config.maxWait()) > 0 ? config.maxWait() : Duration.ofSeconds(wait);
        Optional<Assignment> assignment = assignments.checkIn(clientId, request.examples(), hold);
        if (assignment.isPresent()) {
            return ResponseEntity.ok(CheckInResponse.of(assignment.get()));
        }
        int retryAfter = (int) Math.max(1, config.retryAfter().toSeconds());
        return ResponseEntity.ok().header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter))
                .body(CheckInResponse.retryAfter(retryAfter));
    }

    @PostMapping("/api/v1/jobs/{jobId}/rounds/{round}/declines/{clientId}")
    ResponseEntity<Void> decline(@PathVariable long jobId, @PathVariable int round, @PathVariable String clientId,
                                 @RequestBody DeclineRequest request) {
        assignments.decline(jobId, round, clientId, request);
        return ResponseEntity.noContent().build();
    }
}
