package org.flotilla.coordinator.artifact;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.flotilla.coordinator.system.ArtifactAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.FileSystemResource;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The artifact endpoint alone (security is covered by the integration tests). */
@WebMvcTest(ArtifactController.class)
@AutoConfigureMockMvc(addFilters = false)
class ArtifactControllerTest {

    static final String SHA = "ab" + "0".repeat(62);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ArtifactStore store;

    @MockitoBean
    ArtifactAccess access;

    @TempDir
    Path dir;

    @Test
    void aMalformedHashIs400WithoutTouchingTheStore() throws Exception {
        mvc.perform(get("/api/v1/artifacts/ABC"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.type").value("urn:flotilla:problem:malformed-hash"))
                .andExpect(jsonPath("$.field").value("sha256"))
                .andExpect(jsonPath("$.limit").value("64 lowercase hex digits"));
        verifyNoInteractions(store);
    }

    @Test
    void anUnknownHashIs404() throws Exception {
        when(store.find(SHA)).thenReturn(Optional.empty());
        mvc.perform(get("/api/v1/artifacts/" + SHA))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:flotilla:problem:not-found"));
    }

    @Test
    void aKnownArtifactIsServedImmutableAndRevalidatedBy304() throws Exception {
        Path file = Files.write(dir.resolve(SHA), new byte[] {1, 2, 3});
        when(store.find(SHA)).thenReturn(Optional.of(new StoredArtifact(SHA, 3, ArtifactKind.WEIGHTS)));
        when(store.exists(SHA)).thenReturn(true);
        when(store.resource(new StoredArtifact(SHA, 3, ArtifactKind.WEIGHTS))).thenReturn(new FileSystemResource(file));
        when(access.mayDownload(null, SHA)).thenReturn(true);
        mvc.perform(get("/api/v1/artifacts/" + SHA))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"" + SHA + "\""))
                .andExpect(header().string("Cache-Control", "max-age=31536000, private, immutable"))
                .andExpect(content().bytes(new byte[] {1, 2, 3}));
        mvc.perform(get("/api/v1/artifacts/" + SHA).header("If-None-Match", "\"x\", W/\"" + SHA + "\""))
                .andExpect(status().isNotModified());
    }

    @Test
    void operatorOnlyKindsAreHiddenFromClients() throws Exception {
        when(store.find(SHA)).thenReturn(Optional.of(new StoredArtifact(SHA, 3, ArtifactKind.UPDATE)));
        when(store.exists(SHA)).thenReturn(true);
        mvc.perform(get("/api/v1/artifacts/" + SHA)).andExpect(status().isNotFound());
    }

    @Test
    void artifactsOfJobsTheClientWasNotAssignedToAreHidden() throws Exception {
        when(store.find(SHA)).thenReturn(Optional.of(new StoredArtifact(SHA, 3, ArtifactKind.WEIGHTS)));
        when(store.exists(SHA)).thenReturn(true);
        when(access.mayDownload(null, SHA)).thenReturn(false);
        mvc.perform(get("/api/v1/artifacts/" + SHA)).andExpect(status().isNotFound());
    }

    @Test
    void entityTagsAreComparedWeakly() {
        assertThat(ArtifactController.matches("*", SHA)).isTrue();
        assertThat(ArtifactController.matches("W/\"" + SHA + "\"", SHA)).isTrue();
        assertThat(ArtifactController.matches(SHA, SHA)).isFalse();
        assertThat(ArtifactController.matches(null, SHA)).isFalse();
    }
}
