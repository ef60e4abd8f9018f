package org.flotilla.coordinator.bundle;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' bundle calls: {@code POST /api/v1/bundles} (the jar as the body) → 201,
 * {@code PUT /api/v1/bundles/{sha256}/signature} (the {@code .sig} document) → 200, list, show.
 * Bodies are streamed, never bound: the limits apply before more than a buffer is read.
 */
@RestController
@RequestMapping("/api/v1/bundles")
class BundleController {

    private final BundleService bundles;

    BundleController(BundleService bundles) {
        this.bundles = bundles;
    }

    @PostMapping
    ResponseEntity<Bundle> upload(HttpServletRequest request) throws IOException {
        Bundle bundle = bundles.upload(request.getInputStream(), request.getContentLengthLong());
        return ResponseEntity.created(URI.create("/api/v1/bundles/" + bundle.sha256())).body(bundle);
    }

    @PutMapping("/{sha256}/signature")
    Bundle attachSignature(@PathVariable String sha256, HttpServletRequest request) throws IOException {
        return bundles.attachSignature(sha256, request.getInputStream());
    }

    @GetMapping
    List<Bundle> list() {
        return bundles.list();
    }

    @GetMapping("/{sha256}")
    Bundle get(@PathVariable String sha256) {
        return bundles.get(sha256);
    }
}
