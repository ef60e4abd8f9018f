package org.flotilla.coordinator.job;

import jakarta.validation.Valid;
import org.flotilla.model.codec.Sha256;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/plans}: the training plan a job request makes, byte for byte as job creation
 * stores it, so that a publisher can sign it offline ({@code ./flotilla sign}) and the job can be
 * created with that signature (docs/code-bundles.md, "Signed plans"). Nothing is stored.
 */
@RestController
class PlanController {

    private final JobService jobs;

    PlanController(JobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/api/v1/plans")
    ResponseEntity<byte[]> plan(@Valid @RequestBody JobRequest request) {
        byte[] plan = jobs.plan(request);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).eTag(Sha256.of(plan)).body(plan);
    }
}
