package org.flotilla.secagg.local;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flotilla.secagg.client.ClientSession;
import org.flotilla.secagg.client.ClientStep;
import org.flotilla.secagg.server.AggregationResult;
import org.flotilla.secagg.server.PhaseOutcome;
import org.flotilla.secagg.server.ServerSession;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.MaskedVectorCodec;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;

/**
 * Runs one round between a {@link ServerSession} and one {@link ClientSession} per client,
 * sequentially, with every message encoded and decoded as it would travel, and drop-outs
 * injected per client. Records the bytes each client sends per phase, the time of each client's
 * share and masking steps, and the server's time to sum the masked inputs and to unmask.
 */
public final class LocalRound {

    private LocalRound() {
    }

    /** One simulated client: its id, update, example count and when it drops out. */
    public record Participant(String id, float[] update, long examples, DropOut dropOut) {
    }

    /** What a run produced. */
    public record Report(AggregationResult result, Map<String, long[]> bytesSent, long[] shareNanos,
                         long[] maskingNanos, long serverSumNanos, long serverUnmaskNanos,
                         List<MaskedInput> maskedInputs) {
        /** Phases of {@link #bytesSent()}' arrays. */
        public static final String[] PHASES = {"advertise keys", "share keys", "masked input", "unmask"};
    }

    /**
     * Runs the round. When {@code keepMaskedInputs} is set the decoded masked vectors are kept
     * in the report (what the server saw), for tests that inspect them.
     */
    public static Report run(RoundSetup setup, List<Participant> participants, SecureRandom random,
                             boolean keepMaskedInputs) {
        byte[] seed = new byte[ShareKeysRequest.SEED_BYTES];
        random.nextBytes(seed);
        ServerSession server = new ServerSession(RoundSetup.fromJson(setup.toJson()), seed);
        Map<String, ClientSession> clients = new LinkedHashMap<>();
        Map<String, Participant> byId = new LinkedHashMap<>();
        Map<String, long[]> bytes = new LinkedHashMap<>();
        List<MaskedInput> seen = new ArrayList<>();
        long[] shareNanos = new long[participants.size()];
        long[] maskingNanos = new long[participants.size()];
        long sumNanos = 0;

        for (Participant p : participants) {
            byId.put(p.id(), p);
            bytes.put(p.id(), new long[4]);
            if (p.dropOut() == DropOut.BEFORE_KEYS) {
                continue;
            }
            ClientSession c = ClientSession.start(RoundSetup.fromJson(setup.toJson()), p.id(), random);
            clients.put(p.id(), c);
            String json = c.advertisement().toJson();
            bytes.get(p.id())[0] += json.length();
            server.acceptKeys(KeyAdvertisement.fromJson(json));
        }
        if (server.closeKeys() instanceof PhaseOutcome.Failed) {
            return new Report(server.finish(), bytes, shareNanos, maskingNanos, sumNanos, 0, seen);
        }

        for (var e : clients.entrySet()) {
            if (byId.get(e.getKey()).dropOut() == DropOut.AFTER_KEYS) {
                continue;
            }
            ShareKeysRequest request = ShareKeysRequest.fromJson(server.shareKeysRequest(e.getKey()).toJson());
            long t0 = System.nanoTime();
            ClientStep<SealedShares> shared = e.getValue().shareKeys(request);
            shareNanos[participants.indexOf(byId.get(e.getKey()))] = System.nanoTime() - t0;
            if (shared instanceof ClientStep.Send<SealedShares> send) {
                String json = send.message().toJson();
                bytes.get(e.getKey())[1] += json.length();
                server.acceptShares(SealedShares.fromJson(json));
            }
        }
        if (server.closeShares() instanceof PhaseOutcome.Failed) {
            return new Report(server.finish(), bytes, shareNanos, maskingNanos, sumNanos, 0, seen);
        }

        for (var e : clients.entrySet()) {
            Participant p = byId.get(e.getKey());
            int slot = participants.indexOf(p);
            if (p.dropOut() == DropOut.AFTER_KEYS || p.dropOut() == DropOut.AFTER_SHARES
                    || !server.participation().shared().contains(e.getKey())) {
                continue;
            }
            SealedShares forwarded = SealedShares.fromJson(server.forwardedShares(e.getKey()).toJson());
            long start = System.nanoTime();
            ClientStep<MaskedInput> step = e.getValue().maskInput(forwarded, p.update(), p.examples());
            maskingNanos[slot] = System.nanoTime() - start;
            if (step instanceof ClientStep.Send<MaskedInput> send) {
                byte[] wire = MaskedVectorCodec.encode(send.message());
                bytes.get(e.getKey())[2] += wire.length;
                MaskedInput decoded = MaskedVectorCodec.decode(wire, server.plan().modulusBits(),
                        setup.vectorLength() + 1);
                if (keepMaskedInputs) {
                    seen.add(decoded);
                }
                long t0 = System.nanoTime();
                server.acceptMaskedInput(decoded);
                sumNanos += System.nanoTime() - t0;
            }
        }
        if (server.closeMaskedInput() instanceof PhaseOutcome.Failed) {
            return new Report(server.finish(), bytes, shareNanos, maskingNanos, sumNanos, 0, seen);
        }

        for (var e : clients.entrySet()) {
            Participant p = byId.get(e.getKey());
            if (p.dropOut() == DropOut.AFTER_MASKED_INPUT || !server.participation().masked().contains(e.getKey())) {
                continue;
            }
            UnmaskRequest request = UnmaskRequest.fromJson(server.unmaskRequest(e.getKey()).toJson());
            ClientStep<UnmaskResponse> answer = e.getValue().unmask(request);
            if (p.dropOut() == DropOut.NEVER && answer instanceof ClientStep.Send<UnmaskResponse> send) {
                String json = send.message().toJson();
                bytes.get(e.getKey())[3] += json.length();
                server.acceptUnmask(UnmaskResponse.fromJson(json));
            }
        }
        long start = System.nanoTime();
        AggregationResult result = server.finish();
        long unmaskNanos = System.nanoTime() - start;
        return new Report(result, bytes, shareNanos, maskingNanos, sumNanos, unmaskNanos, seen);
    }
}
