package org.flotilla.edge.secagg;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import org.flotilla.model.protocol.DeclineReason;
import org.flotilla.secagg.client.ClientPhase;
import org.flotilla.secagg.client.ClientSession;
import org.flotilla.secagg.client.ClientState;
import org.flotilla.secagg.client.ClientStep;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;

/**
 * One round of secure aggregation on the device: the library's {@link ClientSession} (Bell,
 * Bonawitz, Gascón, Lepoint, Raykova, "Secure Single-Server Aggregation with (Poly)Logarithmic
 * Overhead", CCS 2020) with its state saved before every message is handed out, so that a client
 * restarted inside the round continues it and answers a repeated request with the identical
 * message (the protocol's safety rests on never answering two different requests of one phase).
 * A protocol abort is saved too — the client then reveals nothing more in that round — and is
 * answered as a decline. {@link #finish} deletes the state when the round ends.
 */
public final class SecureRound {

    private final SecureRoundStore store;
    private final RoundKey key;
    private final ClientSession session;
    /** The state text last saved or read for this round: what the file must still hold for the session to be reused. */
    private byte[] saved;

    private SecureRound(SecureRoundStore store, RoundKey key, ClientSession session, byte[] saved) {
        this.store = store;
        this.key = key;
        this.session = session;
        this.saved = saved;
    }

    /**
     * Joins the round {@code setup} describes: continues a saved state of the same round id
     * (after a restart), otherwise starts with fresh keys and saves them before the advertisement
     * is handed out. A saved state of another round id under the same key (an earlier attempt) is
     * replaced: its secrets are never used again.
     */
    public static SecureRound join(SecureRoundStore store, RoundKey key, RoundSetup setup, String clientId,
                                   SecureRandom random) throws IOException {
        Optional<byte[]> bytes = store.read(key);
        if (bytes.isPresent()) {
            ClientState saved = store.parse(key, bytes.get());
            if (saved.roundId().equals(setup.roundId()) && saved.clientId().equals(clientId)) {
                return new SecureRound(store, key, ClientSession.restore(saved, random), bytes.get());
            }
        }
        ClientSession session = ClientSession.start(setup, clientId, random);
        return new SecureRound(store, key, session, store.save(key, session.state()));
    }

    /** Continues a saved round after a restart, if its state is on the device. */
    public static Optional<SecureRound> resume(SecureRoundStore store, RoundKey key, SecureRandom random)
            throws IOException {
        return resume(store, key, random, null);
    }

    /**
     * Continues the saved round of {@code key}, if its state is on the device. When {@code live}
     * — the round this process last held under that key, or null — saved or read exactly the text
     * the file holds now, it is returned itself: its session keeps what it derived in earlier
     * phases (the share ciphers, the opened shares) instead of parsing the state and agreeing the
     * keys again. Any other text on the device (another process's, a restored backup, none) is
     * read from the device as after a restart.
     */
    public static Optional<SecureRound> resume(SecureRoundStore store, RoundKey key, SecureRandom random,
                                               SecureRound live) throws IOException {
        Optional<byte[]> bytes = store.read(key);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        if (live != null && live.key.equals(key) && live.store == store && Arrays.equals(live.saved, bytes.get())) {
            return Optional.of(live);
        }
        return Optional.of(new SecureRound(store, key, ClientSession.restore(store.parse(key, bytes.get()), random),
                bytes.get()));
    }

    /** Phase 0's message (or a decline if this round was already left). */
    public SecureAnswer<KeyAdvertisement> advertisement() {
        if (session.phase() == ClientPhase.ABORTED) {
            return declined();
        }
        return new SecureAnswer.Send<>(session.advertisement());
    }

    /** Phase 1: the sealed shares of this client's two secrets for its neighbours. */
    public SecureAnswer<SealedShares> shareKeys(ShareKeysRequest request) throws IOException {
        return step(s -> s.shareKeys(request));
    }

    /**
     * Phase 2: this client's update, weighted by its example count (capped by the round's
     * {@code maxWeight}), quantized and masked. The update never leaves this method otherwise.
     */
    public SecureAnswer<MaskedInput> maskInput(SealedShares forwarded, float[] update, long examples) throws IOException {
        return step(s -> s.maskInput(forwarded, update, examples));
    }

    /** Phase 3: the shares the coordinator needs to remove the masks of survivors and drop-outs. */
    public SecureAnswer<UnmaskResponse> unmask(UnmaskRequest request) throws IOException {
        return step(s -> s.unmask(request));
    }

    /** Where this client is in the round. */
    public ClientPhase phase() {
        return session.phase();
    }

    /** The round has ended (completed, failed or left): its secrets are deleted from the device. */
    public void finish() throws IOException {
        store.delete(key);
    }

    private <M> SecureAnswer<M> step(Function<ClientSession, ClientStep<M>> step) throws IOException {
        ClientStep<M> outcome = step.apply(session);
        // The state first, then the message: a crash in between repeats the step identically.
        saved = null; // until the new state is on the device, the session is ahead of the file
        saved = store.save(key, session.state());
        return switch (outcome) {
            case ClientStep.Send<M> send -> new SecureAnswer.Send<>(send.message());
            case ClientStep.Abort<M> abort -> new SecureAnswer.Decline<>(DeclineReason.SECURE_AGGREGATION_ABORTED,
                    abort.reason() + ": " + abort.detail(), abort.reason().blamesServer());
        };
    }

    private <M> SecureAnswer<M> declined() {
        var reason = session.state().abortReason();
        return new SecureAnswer.Decline<>(DeclineReason.SECURE_AGGREGATION_ABORTED,
                reason + ": this client already left the round", reason.blamesServer());
    }
}
