package org.flotilla.coordinator.round;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.flotilla.model.protocol.ProtocolHeaders;
import org.flotilla.model.protocol.ProtocolPaths;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /api/v1/jobs/{jobId}/rounds/{round}/updates/{clientId}}: a client's update, the
 * WeightsCodec bytes as the body and its metrics in the {@code Flotilla-Metrics} header. The body
 * is read as a stream, never buffered whole.
 */
@RestController
class UpdateController {

    private final UpdateService updates;

    UpdateController(UpdateService updates) {
        this.updates = updates;
    }

    @Operation(summary = "Upload a client's update (WeightsCodec bytes) with its metrics",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary"))))
    @PutMapping(ProtocolPaths.UPDATE)
    ResponseEntity<UpdateReceipt> upload(@PathVariable long jobId, @PathVariable int round, @PathVariable String clientId,
                                         @RequestHeader(value = ProtocolHeaders.METRICS, required = false) String metrics,
                                         @RequestHeader(value = ProtocolHeaders.CONTENT_SHA256, required = false) String sha256,
                                         HttpServletRequest request) throws IOException {
        UpdateService.Accepted accepted = updates.receive(jobId, round, clientId, metrics, request.getContentLengthLong(),
                sha256, request.getInputStream());
        return ResponseEntity.status(accepted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(UpdateReceipt.of(accepted.update()));
    }
}
