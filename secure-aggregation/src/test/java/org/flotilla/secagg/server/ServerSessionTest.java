package org.flotilla.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.flotilla.secagg.client.ClientSession;
import org.flotilla.secagg.client.ClientStep;
import org.flotilla.secagg.crypto.Shamir;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.RevealedShare;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.UnmaskResponse;
import org.junit.jupiter.api.Test;

/** The server state machine's acceptance rules, phase checks and failure values. */
class ServerSessionTest {

    private static final int D = 20;
    private final SecureRandom random = new SecureRandom();
    private final SecAggParameters params =
            new SecAggParameters(new Threshold.Majority(), new Neighbourhood.Complete(), 1.0, 16, 100);
    private final RoundSetup setup = new RoundSetup("job-5/round-1", params, D);
    private final ServerSession server = new ServerSession(setup, new byte[32]);
    private final Map<String, ClientSession> clients = new LinkedHashMap<>();

    private static <M> M send(ClientStep<M> step) {
        return ((ClientStep.Send<M>) step).message();
    }

    private void keys(int n) {
        for (int i = 0; i < n; i++) {
            ClientSession c = ClientSession.start(setup, "c" + i, random);
            clients.put("c" + i, c);
            assertThat(server.acceptKeys(c.advertisement()).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        }
        assertThat(server.closeKeys().proceeds()).isTrue();
    }

    private void shares() {
        clients.forEach((id, c) -> server.acceptShares(send(c.shareKeys(server.shareKeysRequest(id)))));
        assertThat(server.closeShares().proceeds()).isTrue();
    }

    private void masked() {
        clients.forEach((id, c) -> server.acceptMaskedInput(send(c.maskInput(server.forwardedShares(id), new float[D], 3))));
        assertThat(server.closeMaskedInput().proceeds()).isTrue();
    }

    @Test
    void repeatsAreHarmlessAndChangesAreRejected() {
        ClientSession a = ClientSession.start(setup, "a", random);
        assertThat(server.acceptKeys(a.advertisement()).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        assertThat(server.acceptKeys(a.advertisement()).status()).isEqualTo(Acceptance.Status.REPEATED);
        ClientSession a2 = ClientSession.start(setup, "a", random);
        assertThat(server.acceptKeys(a2.advertisement()).status()).isEqualTo(Acceptance.Status.REJECTED);
        ClientSession other = ClientSession.start(new RoundSetup("job-5/round-2", params, D), "b", random);
        assertThat(server.acceptKeys(other.advertisement()).detail()).contains("round");
    }

    @Test
    void messagesOutsideTheirPhaseAreRejected() {
        keys(4);
        ClientSession late = ClientSession.start(setup, "late", random);
        assertThat(server.acceptKeys(late.advertisement()).detail()).contains("outside phase 0");
        assertThatThrownBy(() -> server.unmaskRequest("c0")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sharesMustCoverExactlyTheNeighbours() {
        keys(4);
        SealedShares s = send(clients.get("c0").shareKeys(server.shareKeysRequest("c0")));
        SealedShares partial = new SealedShares(s.roundId(), s.clientId(), s.shares().subList(0, 2));
        assertThat(server.acceptShares(partial).status()).isEqualTo(Acceptance.Status.REJECTED);
        assertThat(server.acceptShares(s).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        assertThat(server.acceptShares(s).status()).isEqualTo(Acceptance.Status.REPEATED);
    }

    @Test
    void maskedInputsOfTheWrongShapeOrFromOutsidersAreRejected() {
        keys(4);
        shares();
        int bits = server.plan().modulusBits();
        assertThat(server.acceptMaskedInput(new MaskedInput(setup.roundId(), "c0", bits, new long[D])).detail())
                .contains("expected " + (D + 1) + " elements");
        assertThat(server.acceptMaskedInput(new MaskedInput(setup.roundId(), "zz", bits, new long[D + 1])).status())
                .isEqualTo(Acceptance.Status.REJECTED);
        MaskedInput m = send(clients.get("c0").maskInput(server.forwardedShares("c0"), new float[D], 3));
        assertThat(server.acceptMaskedInput(m).status()).isEqualTo(Acceptance.Status.ACCEPTED);
        assertThat(server.acceptMaskedInput(m).status()).isEqualTo(Acceptance.Status.REPEATED);
        long[] changed = m.vector().clone();
        changed[1] ^= 1;
        assertThat(server.acceptMaskedInput(new MaskedInput(m.roundId(), "c0", bits, changed)).status())
                .isEqualTo(Acceptance.Status.REJECTED);
    }

    @Test
    void unmaskingIsReadyOnceEverySecretHasTShares() {
        keys(5);
        shares();
        masked();
        assertThat(server.unmaskingReady()).isFalse();
        int answered = 0;
        for (var e : clients.entrySet()) {
            server.acceptUnmask(send(e.getValue().unmask(server.unmaskRequest(e.getKey()))));
            answered++;
            assertThat(server.unmaskingReady()).isEqualTo(answered >= server.plan().threshold());
        }
        assertThat(server.finish()).isInstanceOf(AggregationResult.Aggregated.class);
        assertThat(server.phase()).isEqualTo(ServerPhase.COMPLETED);
    }

    @Test
    void answersThatDoNotMatchTheRequestAreRejected() {
        keys(5);
        shares();
        masked();
        UnmaskResponse r = send(clients.get("c0").unmask(server.unmaskRequest("c0")));
        UnmaskResponse fewer = new UnmaskResponse(r.roundId(), r.clientId(), r.selfMaskShares().subList(1, 5), List.of());
        assertThat(server.acceptUnmask(fewer).detail()).contains("does not match");
        RevealedShare first = r.selfMaskShares().get(0);
        Shamir.Share moved = new Shamir.Share(first.share().x() + 1, first.share().y());
        List<RevealedShare> wrongX = new java.util.ArrayList<>(r.selfMaskShares());
        wrongX.set(0, new RevealedShare(first.owner(), moved));
        assertThat(server.acceptUnmask(new UnmaskResponse(r.roundId(), r.clientId(), wrongX, List.of())).detail())
                .contains("x-coordinate");
    }

    @Test
    void aBadShareOfADroppedClientsKeyIsDetected() {
        // Prepare: c4 drops after sharing; c0's answer carries a corrupted share of c4's key
        keys(5);
        shares();
        clients.remove("c4");
        clients.forEach((id, c) -> server.acceptMaskedInput(send(c.maskInput(server.forwardedShares(id), new float[D], 3))));
        server.closeMaskedInput();
        for (var e : clients.entrySet()) {
            UnmaskResponse r = send(e.getValue().unmask(server.unmaskRequest(e.getKey())));
            if (e.getKey().equals("c0")) {
                RevealedShare s = r.maskKeyShares().get(0);
                byte[] y = s.share().y();
                y[65] ^= 1;
                r = new UnmaskResponse(r.roundId(), r.clientId(), r.selfMaskShares(),
                        List.of(new RevealedShare(s.owner(), new Shamir.Share(s.share().x(), y))));
            }
            server.acceptUnmask(r);
        }
        // Execute + Assert
        assertThat(server.finish()).isInstanceOfSatisfying(AggregationResult.Failed.class,
                f -> assertThat(f.failure().reason()).isEqualTo(RoundFailure.Reason.RECONSTRUCTION_FAILED));
        assertThat(server.phase()).isEqualTo(ServerPhase.FAILED);
    }
}
