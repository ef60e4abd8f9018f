package org.flotilla.coordinator.job;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators' job calls: create, list, show, cancel. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping
    ResponseEntity<Job> create(@Valid @RequestBody JobRequest request) {
        Job job = jobs.create(request);
        return ResponseEntity.created(URI.create("/api/v1/jobs/" + job.id())).body(job);
    }

    @GetMapping
    List<Job> list() {
        return jobs.list();
    }

    @GetMapping("/{id}")
    Job get(@PathVariable long id) {
        return jobs.get(id);
    }

    @PostMapping("/{id}/cancel")
    Job cancel(@PathVariable long id) {
        return jobs.cancel(id);
    }
}
