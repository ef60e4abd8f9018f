package org.flotilla.coordinator.web;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.flotilla.coordinator.client.ClientService;
import org.flotilla.coordinator.cohort.Answers;
import org.flotilla.coordinator.cohort.LongPolls;
import org.flotilla.coordinator.system.ConnectionSettings;
import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.model.protocol.ProtocolHeaders;
import org.flotilla.model.protocol.ProtocolPaths;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.CheckInRequest;
import org.flotilla.model.wire.CheckInResponse;
import org.flotilla.model.wire.DeclineRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The client's calls about work of any kind: check-in (long-poll) and declining an assignment. A
 * held check-in is served asynchronously ({@link LongPolls}): while it waits no request thread is
 * kept, only the connection and the server's objects of the request.
 */
@RestController
class CheckInController {

    private final ClientService clients;

    private final LongPolls longPolls;
    private final Answers answers;
    private final FlotillaProperties.CheckIn config;

    CheckInController(ClientService clients, LongPolls longPolls, Answers answers, FlotillaProperties properties) {
        this.clients = clients;
        this.longPolls = longPolls;
        this.answers = answers;
        this.config = properties.checkIn();
    }

    @PostMapping(ProtocolPaths.CHECK_IN)
    DeferredResult<ResponseEntity<CheckInResponse>> checkIn(@PathVariable String clientId, @RequestParam(defaultValue = "0") int wait,
                                            @RequestBody CheckInRequest request) {
        if (wait < 0) {
            throw Invalid.field("wait", ">= 0 seconds", "wait must not be negative, was " + wait);
        }
        if (request.examples() < 0 || request.examples() > org.flotilla.model.protocol.ProtocolLimits.MAX_EXAMPLES) {
            throw Invalid.field("examples", "0 to " + org.flotilla.model.protocol.ProtocolLimits.MAX_EXAMPLES,
                    "examples must be between 0 and " + org.flotilla.model.protocol.ProtocolLimits.MAX_EXAMPLES + ", was " + request.examples());
        }
        clients.recordCheckIn(clientId, request);
        Duration hold = Duration.ofSeconds(wait).compareTo(config.maxWait()) > 0 ? config.maxWait() : Duration.ofSeconds(wait);
        CompletableFuture<Optional<Assignment>> held = longPolls.hold(clientId, request.examples(), hold);
        DeferredResult<ResponseEntity<CheckInResponse>> result = new DeferredResult<>(hold.plus(ConnectionSettings.CONTAINER_GRACE).toMillis());
        result.onTimeout(() -> result.setResult(answer(Optional.empty())));
        result.onCompletion(() -> held.cancel(false)); // answered, timed out or the client went away: the hold ends
        held.whenComplete((assignment, failure) -> {
            if (failure != null) {
                result.setErrorResult(failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
            } else {
                result.setResult(answer(assignment));
            }
        });
        return result;
    }

    private ResponseEntity<CheckInResponse> answer(Optional<Assignment> assignment) {
        if (assignment.isPresent()) {
            return ResponseEntity.ok(CheckInResponse.of(assignment.get()));
        }
        int retryAfter = (int) Math.max(1, config.retryAfter().toSeconds());
        return ResponseEntity.ok().header(ProtocolHeaders.RETRY_AFTER, Integer.toString(retryAfter))
                .body(CheckInResponse.retryAfter(retryAfter));
    }

    @PostMapping(ProtocolPaths.DECLINE)
    ResponseEntity<Void> decline(@PathVariable long jobId, @PathVariable int round, @PathVariable String clientId,
                                 @RequestBody DeclineRequest request) {
        answers.decline(jobId, round, clientId, request);
        return ResponseEntity.noContent().build();
    }
}
