package org.flotilla.coordinator.secagg;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.flotilla.secagg.server.Acceptance;
import org.flotilla.secagg.server.PhaseOutcome;
import org.flotilla.secagg.server.RoundFailure;
import org.flotilla.secagg.server.ServerSession;

/**
 * Rebuilds the library's {@link ServerSession} of a round from what was stored: the same setup and
 * graph seed, the accepted messages fed back in phase order and the closed phases closed again.
 * The session is deterministic given these, so the rebuilt one asks every client exactly what the
 * original asked (the protocol's safety rests on a client never seeing two different requests of
 * one phase) and reaches the same result. This is what lets the cohort engine close a phase on any
 * replica and repeat a closing after a crash, without keeping protocol state in memory.
 */
public final class ServerReplay {

    private ServerReplay() {
    }

    /**
     * A rebuilt session.
     *
     * @param session the session, in the phase after the last closed one
     * @param failure why a closed phase failed, if one did (the session then accepts nothing more)
     */
    public record Rebuilt(ServerSession session, Optional<RoundFailure> failure) {
    }

    /**
     * Rebuilds the session of {@code round}.
     *
     * @throws IllegalStateException when a stored message is not accepted again: the record is not
     *                               one this coordinator wrote
     */
    public static Rebuilt rebuild(RecordedRound round) {
        ServerSession s = new ServerSession(round.setup(), round.graphSeed());
        feed(round.keys(), s::acceptKeys, "key advertisement");
        if (round.closedPhases() < 1) {
            return new Rebuilt(s, Optional.empty());
        }
        if (s.closeKeys() instanceof PhaseOutcome.Failed(RoundFailure f)) {
            return new Rebuilt(s, Optional.of(f));
        }
        feed(round.shares(), s::acceptShares, "sealed shares");
        if (round.closedPhases() < 2) {
            return new Rebuilt(s, Optional.empty());
        }
        if (s.closeShares() instanceof PhaseOutcome.Failed(RoundFailure f)) {
            return new Rebuilt(s, Optional.of(f));
        }
        feed(round.masked(), s::acceptMaskedInput, "masked input");
        if (round.closedPhases() < 3) {
            return new Rebuilt(s, Optional.empty());
        }
        if (s.closeMaskedInput() instanceof PhaseOutcome.Failed(RoundFailure f)) {
            return new Rebuilt(s, Optional.of(f));
        }
        feed(round.unmasks(), s::acceptUnmask, "unmask response");
        return new Rebuilt(s, Optional.empty());
    }

    private static <M> void feed(List<M> messages, Function<M, Acceptance> accept, String what) {
        for (M m : messages) {
            Acceptance a = accept.apply(m);
            if (a.status() != Acceptance.Status.ACCEPTED) {
                throw new IllegalStateException("a stored " + what + " was not accepted again: " + a.detail());
            }
        }
    }
}
