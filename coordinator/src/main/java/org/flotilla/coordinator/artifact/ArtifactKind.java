package org.flotilla.coordinator.artifact;

/** What an artifact holds; decides who may download it. */
public enum ArtifactKind {
    /** A training plan (JSON). */
    PLAN(true),
    /** Global weights, initial or after a round (WeightsCodec). */
    WEIGHTS(true),
    /** A client's update (WeightsCodec). Operators only: a delta says something about its client's data. */
    UPDATE(false),
    /** A strategy's state between rounds (JSON manifest or WeightsCodec vectors). */
    STRATEGY_STATE(false),
    /** The provenance record of a round (JSON). */
    PROVENANCE(false),
    /** A job request as submitted (JSON). */
    JOB_REQUEST(false),
    /** A code bundle jar (docs/code-bundles.md); devices verify its publisher signature before using it. */
    BUNDLE(true),
    /** A publisher's detached signature document of another artifact ({@code .sig}), relayed, never made here. */
    SIGNATURE(true);

    private final boolean clientVisible;

    ArtifactKind(boolean clientVisible) {
        this.clientVisible = clientVisible;
    }

    /** Whether enrolled clients may download artifacts of this kind (operators may download all). */
    public boolean isClientVisible() {
        return clientVisible;
    }
}
