package org.flotilla.coordinator.evaluation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.flotilla.model.protocol.ProtocolPaths;
import org.flotilla.model.wire.EvalResult;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/jobs/{jobId}/rounds/{round}/evaluations/{clientId}}: a client's answer to an
 * EVALUATE assignment, {@link EvalResult} JSON. (Declining one uses the decline endpoint.)
 */
@RestController
class EvaluationController {

    private final EvaluationResults results;

    EvaluationController(EvaluationResults results) {
        this.results = results;
    }

    @Operation(summary = "Report a client's evaluation of the global weights on its held-out data",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = EvalResult.class))))
    @PostMapping(ProtocolPaths.EVALUATION)
    ResponseEntity<EvaluationReceipt> report(@PathVariable long jobId, @PathVariable int round,
                                             @PathVariable String clientId, @RequestBody(required = false) String body) {
        EvaluationResults.Accepted accepted = results.receive(jobId, round, clientId, body);
        return ResponseEntity.status(accepted.created() ? HttpStatus.CREATED : HttpStatus.OK).body(accepted.receipt());
    }
}
