package org.flotilla.secagg.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flotilla.secagg.RoundPlan;
import org.flotilla.secagg.graph.NeighbourGraph;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShare;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;

/**
 * The server's side of one SecAgg+ round (Bell et al. 2020; Bonawitz et al. 2017's protocol, the
 * honest-but-curious protocol). The caller (the coordinator's cohort engine) feeds it the
 * messages of each phase as they arrive and closes each phase at its deadline or when every
 * expected client answered:
 *
 * <ol>
 *   <li>{@link #acceptKeys} … {@link #closeKeys}: U1, the participants; the graph and the plan
 *       are fixed; {@link #shareKeysRequest} is each one's next message.</li>
 *   <li>{@link #acceptShares} … {@link #closeShares}: U2; {@link #forwardedShares} routes the
 *       sealed shares.</li>
 *   <li>{@link #acceptMaskedInput} … {@link #closeMaskedInput}: U3; inputs are added into one
 *       running sum on arrival, so no individual vector is kept.</li>
 *   <li>{@link #acceptUnmask} … {@link #finish}: reconstruct, unmask, dequantize.</li>
 * </ol>
 *
 * <p>Deterministic given its inputs: after a restart the coordinator rebuilds it by replaying the
 * accepted messages it stored, in order, with the same graph seed.
 */
public final class ServerSession {

    private final RoundSetup setup;
    private final byte[] graphSeed;
    private ServerPhase phase = ServerPhase.COLLECTING_KEYS;
    private RoundFailure failure;

    private final Map<String, KeyAdvertisement> keys = new TreeMap<>();
    private RoundPlan plan;
    private NeighbourGraph graph;
    private final Map<String, SealedShares> shares = new TreeMap<>();
    private Set<String> sharers = Set.of();
    private MaskedSum sum;
    private Set<String> survivors = Set.of();
    private Unmasker unmasker;

    /** A round described by {@code setup}, its graph labelled by {@code graphSeed} (32 random bytes). */
    public ServerSession(RoundSetup setup, byte[] graphSeed) {
        if (graphSeed.length != ShareKeysRequest.SEED_BYTES) {
            throw new IllegalArgumentException("graph seed must be " + ShareKeysRequest.SEED_BYTES + " bytes");
        }
        this.setup = setup;
        this.graphSeed = graphSeed.clone();
    }

    /** Phase 0's message to every selected client. */
    public RoundSetup setup() {
        return setup;
    }

    /** The phase the round is in. */
    public ServerPhase phase() {
        return phase;
    }

    /** The plan fixed when phase 0 closed (null before). */
    public RoundPlan plan() {
        return plan;
    }

    // ---- phase 0 -------------------------------------------------------------------------

    /** Records a client's key advertisement (phase 0). */
    public Acceptance acceptKeys(KeyAdvertisement ad) {
        if (phase != ServerPhase.COLLECTING_KEYS) {
            return Acceptance.rejected("key advertisement outside phase 0 (now " + phase + ")");
        }
        if (!ad.roundId().equals(setup.roundId())) {
            return Acceptance.rejected("advertisement for round " + ad.roundId());
        }
        KeyAdvertisement known = keys.get(ad.clientId());
        if (known != null) {
            return known.equals(ad) ? Acceptance.REPEATED : Acceptance.rejected("different keys already advertised");
        }
        if (keys.size() >= RoundPlan.MAX_PARTICIPANTS) {
            return Acceptance.rejected("round full at " + RoundPlan.MAX_PARTICIPANTS + " participants");
        }
        keys.put(ad.clientId(), ad);
        return Acceptance.ACCEPTED;
    }

    /** Closes phase 0: the advertisers are the participants; fixes the plan and the graph. */
    public PhaseOutcome closeKeys() {
        require(ServerPhase.COLLECTING_KEYS);
        RoundPlan.Result result = RoundPlan.resolve(setup.parameters(), keys.size());
        if (result instanceof RoundPlan.Result.Invalid invalid) {
            return fail(new RoundFailure(RoundFailure.Reason.TOO_FEW_PARTICIPANTS, 2, keys.size(),
                    invalid.violation().message()));
        }
        plan = result.resolved().orElseThrow();
        graph = NeighbourGraph.build(keys.keySet(), plan.neighbours(), graphSeed, setup.roundId());
        return advance(keys.size());
    }

    /** Phase 1's message to participant {@code clientId}: all ids, the seed, its neighbours' keys. */
    public ShareKeysRequest shareKeysRequest(String clientId) {
        requireAtLeast(ServerPhase.COLLECTING_SHARES);
        List<KeyAdvertisement> neighbourKeys = graph.neighbours(clientId).stream().map(keys::get).toList();
        return new ShareKeysRequest(setup.roundId(), graphSeed, graph.participants(), neighbourKeys);
    }

    // ---- phase 1 -------------------------------------------------------------------------

    /** Records a participant's sealed shares, one for each of its neighbours (phase 1). */
    public Acceptance acceptShares(SealedShares sent) {
        if (phase != ServerPhase.COLLECTING_SHARES) {
            return Acceptance.rejected("shares outside phase 1 (now " + phase + ")");
        }
        if (!sent.roundId().equals(setup.roundId()) || !graph.contains(sent.clientId())) {
            return Acceptance.rejected("not a participant of round " + setup.roundId());
        }
        SealedShares known = shares.get(sent.clientId());
        if (known != null) {
            return known.equals(sent) ? Acceptance.REPEATED : Acceptance.rejected("different shares already sent");
        }
        Set<String> receivers = new HashSet<>();
        sent.shares().forEach(s -> receivers.add(s.peer()));
        if (!receivers.equals(new HashSet<>(graph.neighbours(sent.clientId())))) {
            return Acceptance.rejected("expected one share for each of " + graph.neighbours(sent.clientId()).size()
                    + " neighbours, got " + receivers.size());
        }
        shares.put(sent.clientId(), sent);
        return Acceptance.ACCEPTED;
    }

    /** Closes phase 1: at least t participants must have shared. */
    public PhaseOutcome closeShares() {
        require(ServerPhase.COLLECTING_SHARES);
        sharers = Set.copyOf(shares.keySet());
        if (sharers.size() < plan.threshold()) {
            return fail(new RoundFailure(RoundFailure.Reason.TOO_FEW_SHARERS, plan.threshold(), sharers.size(),
                    sharers.size() + " clients shared their keys, the threshold is " + plan.threshold()));
        }
        sum = new MaskedSum(setup.vectorLength() + 1, plan.modulusMask());
        return advance(sharers.size());
    }

    /** Phase 2's message to {@code clientId}: the shares its neighbours in U2 sealed for it. */
    public SealedShares forwardedShares(String clientId) {
        requireAtLeast(ServerPhase.COLLECTING_MASKED_INPUTS);
        if (!sharers.contains(clientId)) {
            throw new IllegalArgumentException(clientId + " did not complete the share phase; it has no masked input to send");
        }
        List<SealedShare> forwarded = new ArrayList<>();
        for (String sender : graph.neighbours(clientId)) {
            SealedShares from = sharers.contains(sender) ? shares.get(sender) : null;
            if (from != null) {
                for (SealedShare s : from.shares()) {
                    if (s.peer().equals(clientId)) {
                        forwarded.add(new SealedShare(sender, s.ciphertext()));
                    }
                }
            }
        }
        return new SealedShares(setup.roundId(), clientId, forwarded);
    }

    // ---- phase 2 -------------------------------------------------------------------------

    /** Adds a masked input into the running sum; only its digest is kept, to recognise repeats. */
    public Acceptance acceptMaskedInput(MaskedInput input) {
        if (phase != ServerPhase.COLLECTING_MASKED_INPUTS) {
            return Acceptance.rejected("masked input outside phase 2 (now " + phase + ")");
        }
        if (!input.roundId().equals(setup.roundId()) || !sharers.contains(input.clientId())) {
            return Acceptance.rejected("not a client that completed the share phase of round " + setup.roundId());
        }
        if (input.modulusBits() != plan.modulusBits() || input.vector().length != sum.elements()) {
            return Acceptance.rejected("expected " + sum.elements() + " elements modulo 2^" + plan.modulusBits());
        }
        return sum.add(input.clientId(), input.vector());
    }

    /**
     * Closes phase 2: at least t inputs, t surviving holders for every secret needed, and a
     * connected survivors' graph.
     */
    public PhaseOutcome closeMaskedInput() {
        require(ServerPhase.COLLECTING_MASKED_INPUTS);
        survivors = sum.contributors();
        int t = plan.threshold();
        if (survivors.size() < t) {
            return fail(new RoundFailure(RoundFailure.Reason.TOO_FEW_SURVIVORS, t, survivors.size(),
                    survivors.size() + " masked inputs arrived, the threshold is " + t));
        }
        for (String u : sharers) {
            int holders = (int) graph.neighbours(u).stream().filter(survivors::contains).count()
                    + (survivors.contains(u) ? 1 : 0);
            // A late drop-out without surviving neighbours left no mask in the sum to remove.
            if (holders < t && (survivors.contains(u) || holders > 0)) {
                return fail(new RoundFailure(RoundFailure.Reason.TOO_FEW_SURVIVORS, t, holders,
                        "only " + holders + " holders of " + u + "'s shares sent masked input, the threshold is " + t));
            }
        }
        if (!graph.connectedAmong(survivors)) {
            return fail(new RoundFailure(RoundFailure.Reason.SURVIVORS_DISCONNECTED, 1, 2,
                    "the survivors' neighbourhood graph is disconnected"));
        }
        unmasker = new Unmasker(setup, plan, graph, keys, sharers, survivors);
        return advance(survivors.size());
    }

    /** Phase 3's message to survivor {@code clientId}, restricted to its neighbourhood. */
    public UnmaskRequest unmaskRequest(String clientId) {
        requireAtLeast(ServerPhase.UNMASKING);
        return unmasker.requestFor(clientId);
    }

    // ---- phase 3 -------------------------------------------------------------------------

    /** Records a survivor's revealed shares (phase 3). */
    public Acceptance acceptUnmask(UnmaskResponse response) {
        if (phase != ServerPhase.UNMASKING) {
            return Acceptance.rejected("unmask response outside phase 3 (now " + phase + ")");
        }
        if (!response.roundId().equals(setup.roundId())) {
            return Acceptance.rejected("response for round " + response.roundId());
        }
        return unmasker.accept(response);
    }

    /** Whether every secret the server needs has reached the threshold (the phase may close early). */
    public boolean unmaskingReady() {
        return phase == ServerPhase.UNMASKING && unmasker.ready();
    }

    /** Closes phase 3: reconstruct, remove the masks, dequantize. */
    public AggregationResult finish() {
        if (phase == ServerPhase.FAILED) {
            return new AggregationResult.Failed(failure, participation());
        }
        require(ServerPhase.UNMASKING);
        Unmasker.Outcome outcome = unmasker.unmask(sum.vector());
        sum = null; // the unmasked sum leaves as the result; nothing individual remains
        if (outcome instanceof Unmasker.Outcome.Failed f) {
            fail(f.failure());
            return new AggregationResult.Failed(failure, participation());
        }
        Unmasker.Outcome.Done done = (Unmasker.Outcome.Done) outcome;
        phase = ServerPhase.COMPLETED;
        return new AggregationResult.Aggregated(done.mean(), done.totalWeight(), plan, participation());
    }

    /** Who took part in each phase so far. */
    public Participation participation() {
        return new Participation(new ArrayList<>(keys.keySet()), new TreeSet<>(sharers).stream().toList(),
                new TreeSet<>(survivors).stream().toList(),
                unmasker == null ? List.of() : unmasker.responders());
    }

    /** The failure, once the round failed. */
    public RoundFailure failure() {
        return failure;
    }

    private PhaseOutcome advance(int participants) {
        phase = phase.next();
        return new PhaseOutcome.Proceed(participants);
    }

    private PhaseOutcome fail(RoundFailure f) {
        phase = ServerPhase.FAILED;
        failure = f;
        sum = null;
        return new PhaseOutcome.Failed(f);
    }

    private void require(ServerPhase expected) {
        if (phase != expected) {
            throw new IllegalStateException("round is in " + phase + ", not " + expected);
        }
    }

    private void requireAtLeast(ServerPhase expected) {
        if (phase.ordinal() < expected.ordinal() || phase == ServerPhase.FAILED) {
            throw new IllegalStateException("round is in " + phase + ", before " + expected);
        }
    }
}
