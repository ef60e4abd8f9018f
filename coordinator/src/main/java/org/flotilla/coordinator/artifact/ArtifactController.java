package org.flotilla.coordinator.artifact;

import java.time.Duration;
import java.util.Arrays;

import org.flotilla.coordinator.system.ArtifactAccess;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.coordinator.system.NotFound;
import org.flotilla.coordinator.system.Roles;
import org.flotilla.model.codec.Sha256;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/artifacts/{sha256}}: immutable blobs by hash, cacheable forever. Clients may
 * fetch the plans and weights of jobs they were assigned to ({@link ArtifactAccess}); anything
 * else is answered 404 like an unknown hash, so a client learns nothing of other jobs. Operators
 * fetch everything.
 */
@RestController
@RequestMapping("/api/v1/artifacts")
class ArtifactController {

    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();

    private final ArtifactStore store;
    private final ArtifactAccess access;

    ArtifactController(ArtifactStore store, ArtifactAccess access) {
        this.store = store;
        this.access = access;
    }

    @GetMapping("/{sha256}")
    ResponseEntity<Resource> get(@PathVariable String sha256,
                                 @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                 Authentication caller) {
        if (!Sha256.isValid(sha256)) {
            throw new Invalid("malformed-hash", "sha256", "64 lowercase hex digits",
                    "an artifact is named by its SHA-256 as 64 lowercase hex digits");
        }
        boolean admin = Roles.has(caller, Roles.ADMIN);
        StoredArtifact artifact = store.find(sha256)
                .filter(a -> admin || a.kind().isClientVisible() && access.mayDownload(caller == null ? null : caller.getName(), sha256))
                .filter(a -> store.exists(sha256))
                .orElseThrow(() -> new NotFound("artifact " + sha256));
        String etag = "\"" + sha256 + "\"";
        if (matches(ifNoneMatch, sha256)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(IMMUTABLE).build();
        }
        return ResponseEntity.ok()
                .eTag(etag)
                .cacheControl(IMMUTABLE)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(artifact.size())
                .body(store.resource(artifact));
    }

    /** RFC 9110 weak comparison against a list of entity tags, or {@code *}. */
    static boolean matches(String ifNoneMatch, String sha256) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals("*") || t.equals("\"" + sha256 + "\""));
    }
}
