package org.flotilla.secagg.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.flotilla.secagg.crypto.X25519;
import org.flotilla.secagg.server.AggregationResult;
import org.flotilla.secagg.server.ServerSession;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShare;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;
import org.junit.jupiter.api.Test;

/**
 * The client state machine: restart-safety through its persisted state, idempotent repeats,
 * and refusal (abort, nothing revealed) when the server changes its story or tampers.
 */
class ClientSessionTest {

    private static final int D = 50;
    private final SecureRandom random = new SecureRandom();
    private final SecAggParameters params =
            new SecAggParameters(new Threshold.Majority(), new Neighbourhood.Complete(), 1.0, 16, 100);
    private final RoundSetup setup = new RoundSetup("job-3/round-4", params, D);

    /** A server and five clients driven by hand. */
    private final class Rig {
        final ServerSession server = new ServerSession(setup, new byte[32]);
        final Map<String, ClientSession> clients = new LinkedHashMap<>();

        Rig() {
            for (int i = 0; i < 5; i++) {
                ClientSession c = ClientSession.start(setup, "c" + i, random);
                clients.put("c" + i, c);
                server.acceptKeys(c.advertisement());
            }
            server.closeKeys();
        }

        Rig shared() {
            clients.forEach((id, c) -> server.acceptShares(send(c.shareKeys(server.shareKeysRequest(id)))));
            server.closeShares();
            return this;
        }

        Rig masked() {
            clients.forEach((id, c) -> server.acceptMaskedInput(send(c.maskInput(server.forwardedShares(id), update(id), 10))));
            server.closeMaskedInput();
            return this;
        }
    }

    private static float[] update(String id) {
        float[] u = new float[D];
        java.util.Arrays.fill(u, 0.01f * (id.charAt(1) - '0'));
        return u;
    }

    private static <M> M send(ClientStep<M> step) {
        assertThat(step).isInstanceOf(ClientStep.Send.class);
        return ((ClientStep.Send<M>) step).message();
    }

    private static ClientSession reloaded(ClientSession c, SecureRandom random) {
        String json = ClientStateCodec.toJson(c.state());
        return ClientSession.restore(ClientStateCodec.fromJson(json), random);
    }

    @Test
    void aClientRestartedFromItsStateBeforeEveryStepFinishesTheRound() {
        // Prepare
        Rig rig = new Rig();
        // Execute: every client is persisted and reloaded between every step
        rig.clients.replaceAll((id, c) -> reloaded(c, random));
        rig.clients.forEach((id, c) -> rig.server.acceptShares(send(c.shareKeys(rig.server.shareKeysRequest(id)))));
        rig.server.closeShares();
        rig.clients.replaceAll((id, c) -> reloaded(c, random));
        rig.clients.forEach((id, c) -> rig.server.acceptMaskedInput(
                send(c.maskInput(rig.server.forwardedShares(id), update(id), 10))));
        rig.server.closeMaskedInput();
        rig.clients.replaceAll((id, c) -> reloaded(c, random));
        rig.clients.forEach((id, c) -> rig.server.acceptUnmask(send(c.unmask(rig.server.unmaskRequest(id)))));
        AggregationResult result = rig.server.finish();
        // Assert: mean of 0.00 … 0.04 = 0.02
        assertThat(result).isInstanceOfSatisfying(AggregationResult.Aggregated.class, a -> {
            for (float v : a.weightedMean()) {
                assertThat((double) v).isCloseTo(0.02, org.assertj.core.data.Offset.offset(params.quantizationStep()));
            }
        });
        rig.clients.values().forEach(c -> assertThat(c.phase()).isEqualTo(ClientPhase.UNMASKED));
    }

    @Test
    void repeatedRequestsGetIdenticalAnswersEvenAfterARestart() {
        Rig rig = new Rig();
        ClientSession c = rig.clients.get("c1");
        ShareKeysRequest skr = rig.server.shareKeysRequest("c1");
        SealedShares first = send(c.shareKeys(skr));
        assertThat(send(reloaded(c, random).shareKeys(ShareKeysRequest.fromJson(skr.toJson())))).isEqualTo(first);
        rig.clients.forEach((id, s) -> rig.server.acceptShares(send(s.shareKeys(rig.server.shareKeysRequest(id)))));
        rig.server.closeShares();
        MaskedInput m1 = send(c.maskInput(rig.server.forwardedShares("c1"), update("c1"), 10));
        // a crash after computing, before the upload was acknowledged: recompute from the state
        MaskedInput m2 = send(reloaded(c, random).maskInput(rig.server.forwardedShares("c1"), update("c1"), 10));
        assertThat(m2).isEqualTo(m1);
    }

    @Test
    void aSessionKeptAcrossPhasesAnswersExactlyAsOneRestoredFromItsStateBeforeEachPhase() {
        // Prepare: c1 keeps its session (ciphers, context and opened shares from earlier phases)
        Rig rig = new Rig().shared();
        ClientSession kept = rig.clients.get("c1");
        ClientSession restored = reloaded(kept, random);
        SealedShares forwarded = rig.server.forwardedShares("c1");
        // Execute
        MaskedInput keptInput = send(kept.maskInput(forwarded, update("c1"), 10));
        MaskedInput restoredInput = send(restored.maskInput(forwarded, update("c1"), 10));
        rig.clients.forEach((id, c) -> rig.server.acceptMaskedInput(
                id.equals("c1") ? keptInput : send(c.maskInput(rig.server.forwardedShares(id), update(id), 10))));
        rig.server.closeMaskedInput();
        UnmaskRequest request = rig.server.unmaskRequest("c1");
        UnmaskResponse keptAnswer = send(kept.unmask(request));
        UnmaskResponse restoredAnswer = send(reloaded(restored, random).unmask(request));
        // Assert
        assertThat(keptInput).isEqualTo(restoredInput);
        assertThat(keptAnswer).isEqualTo(restoredAnswer);
        assertThat(keptAnswer.selfMaskShares()).hasSize(5);
    }

    @Test
    void aChangedUnmaskRequestIsRefusedAndRevealsNothingMore() {
        // Prepare: c1 already answered the honest request
        Rig rig = new Rig().shared().masked();
        ClientSession c = rig.clients.get("c1");
        UnmaskRequest honest = rig.server.unmaskRequest("c1");
        send(c.unmask(honest));
        // Execute: the server now claims c2 dropped (to obtain its mask key as well)
        List<String> survivors = new ArrayList<>(honest.survivors());
        survivors.remove("c2");
        ClientStep<UnmaskResponse> step = c.unmask(new UnmaskRequest(honest.roundId(), survivors, List.of("c2")));
        // Assert
        assertThat(step).isInstanceOfSatisfying(ClientStep.Abort.class,
                a -> assertThat(a.reason()).isEqualTo(AbortReason.CONFLICTING_REQUEST));
        assertThat(c.phase()).isEqualTo(ClientPhase.ABORTED);
        assertThat(c.unmask(honest)).isInstanceOf(ClientStep.Abort.class);
    }

    @Test
    void anUnmaskRequestAboutStrangersIsRefused() {
        Rig rig = new Rig().shared().masked();
        UnmaskRequest bad = new UnmaskRequest(setup.roundId(), List.of("c0", "c1", "c2", "zz"), List.of());
        assertThat(rig.clients.get("c1").unmask(bad)).isInstanceOfSatisfying(ClientStep.Abort.class,
                a -> assertThat(a.reason()).isEqualTo(AbortReason.BAD_UNMASK_REQUEST));
    }

    @Test
    void tooFewSurvivorsInTheRequestAreRefused() {
        Rig rig = new Rig().shared().masked();
        UnmaskRequest few = new UnmaskRequest(setup.roundId(), List.of("c1", "c2"), List.of("c0", "c3", "c4"));
        assertThat(rig.clients.get("c1").unmask(few)).isInstanceOfSatisfying(ClientStep.Abort.class,
                a -> assertThat(a.reason()).isEqualTo(AbortReason.TOO_FEW_NEIGHBOURS));
    }

    @Test
    void aTamperedOrMisroutedShareAbortsBeforeMasking() {
        Rig rig = new Rig().shared();
        SealedShares forwarded = rig.server.forwardedShares("c1");
        List<SealedShare> shares = new ArrayList<>(forwarded.shares());
        byte[] ct = shares.get(0).ciphertext();
        ct[20] ^= 1;
        shares.set(0, new SealedShare(shares.get(0).peer(), ct));
        ClientStep<MaskedInput> step = rig.clients.get("c1")
                .maskInput(new SealedShares(forwarded.roundId(), "c1", shares), update("c1"), 10);
        assertThat(step).isInstanceOfSatisfying(ClientStep.Abort.class,
                a -> assertThat(a.reason()).isEqualTo(AbortReason.SHARE_TAMPERED));
        // c2's share for c3 relabelled as c2's share for c1 does not open either
        Rig other = new Rig().shared();
        SealedShare forC3 = other.server.forwardedShares("c3").shares().stream()
                .filter(s -> s.peer().equals("c2")).findFirst().orElseThrow();
        ClientStep<MaskedInput> misrouted = other.clients.get("c1").maskInput(
                new SealedShares(setup.roundId(), "c1", List.of(forC3)), update("c1"), 10);
        assertThat(misrouted).isInstanceOfSatisfying(ClientStep.Abort.class,
                a -> assertThat(a.reason()).isEqualTo(AbortReason.SHARE_TAMPERED));
    }

    @Test
    void keysThatAreNotExactlyTheNeighboursAbort() {
        Rig rig = new Rig();
        ShareKeysRequest skr = rig.server.shareKeysRequest("c1");
        ShareKeysRequest missing = new ShareKeysRequest(skr.roundId(), skr.graphSeed(), skr.participants(),
                skr.neighbourKeys().subList(1, skr.neighbourKeys().size()));
        assertThat(rig.clients.get("c1").shareKeys(missing)).isInstanceOfSatisfying(ClientStep.Abort.class,
                a -> assertThat(a.reason()).isEqualTo(AbortReason.NEIGHBOUR_KEYS_MISMATCH));
        ClientSession fresh = new Rig().clients.get("c1");
        List<KeyAdvertisement> small = new ArrayList<>(skr.neighbourKeys());
        KeyAdvertisement k = small.get(0);
        byte[] zero = new byte[32];
        small.set(0, new KeyAdvertisement(k.roundId(), k.clientId(), new X25519.PublicKey32(zero), k.maskKey()));
        ShareKeysRequest weak = new ShareKeysRequest(skr.roundId(), skr.graphSeed(), skr.participants(), small);
        assertThat(fresh.shareKeys(weak)).isInstanceOfSatisfying(ClientStep.Abort.class,
                a -> assertThat(a.reason()).isEqualTo(AbortReason.BAD_PEER_KEY));
    }

    @Test
    void aBadUpdateIsACleanDecline() {
        Rig rig = new Rig().shared();
        float[] nan = update("c1");
        nan[3] = Float.NaN;
        assertThat(rig.clients.get("c1").maskInput(rig.server.forwardedShares("c1"), nan, 10))
                .isInstanceOfSatisfying(ClientStep.Abort.class, a -> assertThat(a.reason()).isEqualTo(AbortReason.BAD_UPDATE));
        assertThat(rig.clients.get("c2").maskInput(rig.server.forwardedShares("c2"), new float[D + 1], 10))
                .isInstanceOfSatisfying(ClientStep.Abort.class, a -> assertThat(a.reason()).isEqualTo(AbortReason.BAD_UPDATE));
    }

    @Test
    void theWeightIsCappedBeforeMasking() {
        Rig rig = new Rig().shared();
        rig.clients.forEach((id, c) -> rig.server.acceptMaskedInput(
                send(c.maskInput(rig.server.forwardedShares(id), update(id), 1_000_000))));
        rig.server.closeMaskedInput();
        rig.clients.forEach((id, c) -> rig.server.acceptUnmask(send(c.unmask(rig.server.unmaskRequest(id)))));
        assertThat(rig.server.finish()).isInstanceOfSatisfying(AggregationResult.Aggregated.class,
                a -> assertThat(a.totalWeight()).isEqualTo(5 * 100));
    }

    @Test
    void outOfOrderStepsAreRefusedWithoutLosingTheState() {
        Rig rig = new Rig();
        ClientSession c = rig.clients.get("c1");
        assertThat(c.unmask(new UnmaskRequest(setup.roundId(), List.of("c1"), List.of())))
                .isInstanceOfSatisfying(ClientStep.Abort.class, a -> assertThat(a.reason()).isEqualTo(AbortReason.OUT_OF_ORDER));
        assertThat(c.phase()).isEqualTo(ClientPhase.KEYS_ADVERTISED);
    }

    @Test
    void theStateHidesItsSecretsWhenPrinted() {
        ClientSession c = ClientSession.start(setup, "c9", random);
        assertThat(c.state().toString()).contains("secrets=<hidden>")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(c.state().selfMaskSeed()));
    }
}
