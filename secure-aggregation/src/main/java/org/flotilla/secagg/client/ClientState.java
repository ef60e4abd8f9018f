package org.flotilla.secagg.client;

import org.flotilla.secagg.crypto.Shamir;
import org.flotilla.secagg.crypto.X25519;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;

/**
 * Everything a client needs to continue a round after a restart, as an immutable value that
 * {@link ClientStateCodec} writes as JSON. Later phases' fields are null until reached. The
 * requests the client answered are kept verbatim, so a repeated request gets the identical
 * answer and a changed one is recognised.
 *
 * <p><b>Secrets.</b> It holds both X25519 private keys, the self-mask seed, the rounding seed
 * and the client's own shares: anyone who reads it, and also sees the server's view, can unmask
 * this client's update. Keep it only on the device, in a file readable by the client alone
 * (mode 0600), written atomically (temporary file, fsync, rename) before the step's message is
 * sent, and delete it when the round ends. It is never sent anywhere.
 */
public record ClientState(
        String clientId,
        RoundSetup setup,
        ClientPhase phase,
        AbortReason abortReason,
        KeyAdvertisement advertisement,
        X25519.PrivateKey32 encryptionPrivateKey,
        X25519.PrivateKey32 maskPrivateKey,
        byte[] selfMaskSeed,
        byte[] roundingSeed,
        ShareKeysRequest shareKeysRequest,
        SealedShares sentShares,
        Shamir.Share ownSelfMaskShare,
        Shamir.Share ownMaskKeyShare,
        SealedShares forwardedShares,
        UnmaskRequest unmaskRequest,
        UnmaskResponse unmaskResponse) {

    public ClientState {
        if (clientId == null || setup == null || phase == null || advertisement == null
                || encryptionPrivateKey == null || maskPrivateKey == null
                || selfMaskSeed == null || selfMaskSeed.length != 32 || roundingSeed == null || roundingSeed.length != 32) {
            throw new IllegalArgumentException("incomplete client state");
        }
        if ((phase == ClientPhase.ABORTED) != (abortReason != null)) {
            throw new IllegalArgumentException("an abort reason goes with the ABORTED phase only");
        }
        selfMaskSeed = selfMaskSeed.clone();
        roundingSeed = roundingSeed.clone();
    }

    @Override
    public byte[] selfMaskSeed() {
        return selfMaskSeed.clone();
    }

    @Override
    public byte[] roundingSeed() {
        return roundingSeed.clone();
    }

    /** The round this state belongs to. */
    public String roundId() {
        return setup.roundId();
    }

    ClientState aborted(AbortReason reason) {
        return new ClientState(clientId, setup, ClientPhase.ABORTED, reason, advertisement, encryptionPrivateKey,
                maskPrivateKey, selfMaskSeed, roundingSeed, shareKeysRequest, sentShares, ownSelfMaskShare,
                ownMaskKeyShare, forwardedShares, unmaskRequest, unmaskResponse);
    }

    ClientState sharesSent(ShareKeysRequest request, SealedShares sent, Shamir.Share ownB, Shamir.Share ownS) {
        return new ClientState(clientId, setup, ClientPhase.SHARES_SENT, null, advertisement, encryptionPrivateKey,
                maskPrivateKey, selfMaskSeed, roundingSeed, request, sent, ownB, ownS, null, null, null);
    }

    ClientState maskedInputSent(SealedShares forwarded) {
        return new ClientState(clientId, setup, ClientPhase.MASKED_INPUT_SENT, null, advertisement,
                encryptionPrivateKey, maskPrivateKey, selfMaskSeed, roundingSeed, shareKeysRequest, sentShares,
                ownSelfMaskShare, ownMaskKeyShare, forwarded, null, null);
    }

    ClientState unmasked(UnmaskRequest request, UnmaskResponse response) {
        return new ClientState(clientId, setup, ClientPhase.UNMASKED, null, advertisement, encryptionPrivateKey,
                maskPrivateKey, selfMaskSeed, roundingSeed, shareKeysRequest, sentShares, ownSelfMaskShare,
                ownMaskKeyShare, forwardedShares, request, response);
    }

    @Override
    public String toString() {
        return "ClientState[client=" + clientId + ", round=" + setup.roundId() + ", phase=" + phase + ", secrets=<hidden>]";
    }
}
