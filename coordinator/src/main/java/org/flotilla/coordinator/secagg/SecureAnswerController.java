package org.flotilla.coordinator.secagg;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.flotilla.model.protocol.ProtocolPaths;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answers of the four phases of a secure round (docs/protocol.md, "Secure-aggregation
 * assignments"): JSON key advertisements, sealed shares and unmask responses ({@code POST}), and
 * the binary masked input ({@code PUT}). Bodies are read as streams up to the phase's bound.
 */
@RestController
class SecureAnswerController {

    private final SecureAnswers answers;

    SecureAnswerController(SecureAnswers answers) {
        this.answers = answers;
    }

    @Operation(summary = "Secure aggregation, phase 0: a client's key advertisement (JSON)")
    @PostMapping(ProtocolPaths.SECAGG_KEYS)
    ResponseEntity<SecureReceipt> keys(@PathVariable long jobId, @PathVariable int round, @PathVariable String clientId,
                                       HttpServletRequest request) throws IOException {
        return answer(jobId, round, clientId, SecurePhase.ADVERTISE_KEYS, request);
    }

    @Operation(summary = "Secure aggregation, phase 1: a client's sealed shares (JSON)")
    @PostMapping(ProtocolPaths.SECAGG_SHARES)
    ResponseEntity<SecureReceipt> shares(@PathVariable long jobId, @PathVariable int round,
                                         @PathVariable String clientId, HttpServletRequest request) throws IOException {
        return answer(jobId, round, clientId, SecurePhase.SHARE_KEYS, request);
    }

    @Operation(summary = "Secure aggregation, phase 2: a client's masked input (binary)")
    @PutMapping(ProtocolPaths.SECAGG_MASKED)
    ResponseEntity<SecureReceipt> masked(@PathVariable long jobId, @PathVariable int round,
                                         @PathVariable String clientId, HttpServletRequest request) throws IOException {
        return answer(jobId, round, clientId, SecurePhase.MASKED_INPUT, request);
    }

    @Operation(summary = "Secure aggregation, phase 3: a client's unmask response (JSON)")
    @PostMapping(ProtocolPaths.SECAGG_UNMASK)
    ResponseEntity<SecureReceipt> unmask(@PathVariable long jobId, @PathVariable int round,
                                         @PathVariable String clientId, HttpServletRequest request) throws IOException {
        return answer(jobId, round, clientId, SecurePhase.UNMASKING, request);
    }

    private ResponseEntity<SecureReceipt> answer(long jobId, int round, String clientId, SecurePhase phase,
                                                 HttpServletRequest request) throws IOException {
        SecureAnswers.Accepted a = answers.receive(jobId, round, clientId, phase, request.getContentLengthLong(),
                request.getInputStream());
        return ResponseEntity.status(a.created() ? HttpStatus.CREATED : HttpStatus.OK).body(a.receipt());
    }
}
