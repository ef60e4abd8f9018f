package org.flotilla.coordinator.system;

/**
 * Which artifacts a client may download: only those of jobs it was assigned to (the operator may
 * download any). Implemented where jobs and cohorts are both known ({@code web}); the artifact
 * endpoint depends only on this interface.
 */
public interface ArtifactAccess {

    /** True when {@code sha256} is the plan or a round's weights of a job {@code clientId} was assigned to. */
    boolean mayDownload(String clientId, String sha256);
}
