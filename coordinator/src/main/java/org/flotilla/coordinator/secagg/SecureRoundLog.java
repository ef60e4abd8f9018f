package org.flotilla.coordinator.secagg;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.secagg.RoundPlan;
import org.springframework.stereotype.Service;

/**
 * What the monitoring endpoints may read of a secure round attempt: its plan, and the masked
 * inputs stored for it (artifacts of kind update, each masked — never an individual update in
 * the clear).
 */
@Service
public class SecureRoundLog {

    /**
     * One stored masked input.
     *
     * @param clientId   who sent it
     * @param sha256     its artifact
     * @param sizeBytes  its size
     * @param receivedAt when it was stored
     */
    public record MaskedArtifact(String clientId, String sha256, long sizeBytes, Instant receivedAt) {
    }

    private final SecureState state;
    private final SecureRecords records;

    SecureRoundLog(SecureState state, SecureRecords records) {
        this.state = state;
        this.records = records;
    }

    /** The plan fixed when the key phase {@code keys} closed (k, t, b); empty before, or if it failed. */
    public Optional<RoundPlan> plan(Cohort keys) {
        if (SecureState.phaseOf(keys) != SecurePhase.ADVERTISE_KEYS || keys.state() != CohortState.COMPLETED) {
            return Optional.empty();
        }
        return state.plan(keys);
    }

    /** The masked inputs accepted by the masked-input phase {@code masked}, in the order they arrived. */
    public List<MaskedArtifact> maskedInputs(Cohort masked) {
        if (SecureState.phaseOf(masked) != SecurePhase.MASKED_INPUT) {
            throw new IllegalArgumentException(masked.label() + " is not a masked-input phase");
        }
        return records.messages(masked.id()).stream()
                .map(m -> new MaskedArtifact(m.clientId(), m.sha256(), m.sizeBytes(), m.receivedAt())).toList();
    }
}
