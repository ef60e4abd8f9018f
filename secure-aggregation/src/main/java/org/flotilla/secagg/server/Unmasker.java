package org.flotilla.secagg.server;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.flotilla.secagg.RoundPlan;
import org.flotilla.secagg.crypto.Masks;
import org.flotilla.secagg.crypto.Shamir;
import org.flotilla.secagg.crypto.X25519;
import org.flotilla.secagg.graph.NeighbourGraph;
import org.flotilla.secagg.quant.Quantizer;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.RevealedShare;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;

/**
 * Phase 3 on the server (Bonawitz et al. 2017, round 4, "Unmasking"): collects revealed
 * shares, reconstructs each survivor's self-mask seed b_u and each late drop-out's mask private
 * key s_u (checked against the key it advertised), and removes from the running sum
 * Σ_{u∈U3} PRG(b_u) and, for each dropped u and surviving neighbour v, v's pairwise mask with u.
 */
final class Unmasker {

    private final RoundSetup setup;
    private final RoundPlan plan;
    private final NeighbourGraph graph;
    private final Map<String, KeyAdvertisement> keys;
    private final Set<String> survivors;
    private final Set<String> dropped;
    private final Map<String, List<Shamir.Share>> selfMaskShares = new TreeMap<>();
    private final Map<String, List<Shamir.Share>> maskKeyShares = new TreeMap<>();
    private final Map<String, UnmaskResponse> responses = new TreeMap<>();

    Unmasker(RoundSetup setup, RoundPlan plan, NeighbourGraph graph, Map<String, KeyAdvertisement> keys,
             Set<String> sharers, Set<String> survivors) {
        this.setup = setup;
        this.plan = plan;
        this.graph = graph;
        this.keys = keys;
        this.survivors = survivors;
        Set<String> late = new HashSet<>(sharers);
        late.removeAll(survivors);
        late.removeIf(u -> graph.neighbours(u).stream().noneMatch(survivors::contains));
        this.dropped = Set.copyOf(late);
        survivors.forEach(u -> selfMaskShares.put(u, new ArrayList<>()));
        dropped.forEach(u -> maskKeyShares.put(u, new ArrayList<>()));
    }

    UnmaskRequest requestFor(String clientId) {
        if (!survivors.contains(clientId)) {
            throw new IllegalArgumentException(clientId + " sent no masked input; it is not asked to unmask");
        }
        List<String> alive = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        alive.add(clientId);
        for (String v : graph.neighbours(clientId)) {
            if (survivors.contains(v)) {
                alive.add(v);
            } else if (dropped.contains(v)) {
                gone.add(v);
            }
        }
        alive.sort(null);
        return new UnmaskRequest(setup.roundId(), alive, gone);
    }

    Acceptance accept(UnmaskResponse response) {
        String holder = response.clientId();
        if (!survivors.contains(holder)) {
            return Acceptance.rejected(holder + " was not asked to unmask");
        }
        UnmaskResponse known = responses.get(holder);
        if (known != null) {
            return known.equals(response) ? Acceptance.REPEATED : Acceptance.rejected("a different answer was accepted");
        }
        UnmaskRequest asked = requestFor(holder);
        List<String> gotSelf = response.selfMaskShares().stream().map(RevealedShare::owner).sorted().toList();
        List<String> gotKeys = response.maskKeyShares().stream().map(RevealedShare::owner).sorted().toList();
        if (!gotSelf.equals(asked.survivors().stream().sorted().toList())
                || !gotKeys.equals(asked.dropped().stream().sorted().toList())) {
            return Acceptance.rejected("the answer does not match the request");
        }
        int x = graph.shareIndex(holder);
        boolean wrongX = response.selfMaskShares().stream().anyMatch(s -> s.share().x() != x)
                || response.maskKeyShares().stream().anyMatch(s -> s.share().x() != x);
        if (wrongX) {
            return Acceptance.rejected("shares must carry the holder's x-coordinate " + x);
        }
        response.selfMaskShares().forEach(s -> selfMaskShares.get(s.owner()).add(s.share()));
        response.maskKeyShares().forEach(s -> maskKeyShares.get(s.owner()).add(s.share()));
        responses.put(holder, response);
        return Acceptance.ACCEPTED;
    }

    boolean ready() {
        int t = plan.threshold();
        return selfMaskShares.values().stream().allMatch(l -> l.size() >= t)
                && maskKeyShares.values().stream().allMatch(l -> l.size() >= t);
    }

    List<String> responders() {
        return List.copyOf(responses.keySet());
    }

    /**
     * Reconstructs from the first t shares, with Lagrange coefficients cached per set of
     * holders: in the complete graph every secret has the same holders, so they are computed once.
     */
    private Optional<byte[]> reconstruct(List<Shamir.Share> shares, Map<List<Integer>, BigInteger[]> cache) {
        int t = plan.threshold();
        if (shares.size() < t) {
            return Optional.empty();
        }
        List<Shamir.Share> used = shares.subList(0, t);
        List<Integer> xs = used.stream().map(Shamir.Share::x).toList();
        BigInteger[] coefficients = cache.get(xs);
        if (coefficients == null) {
            coefficients = Shamir.lagrangeAtZero(xs.stream().mapToInt(Integer::intValue).toArray()).orElse(null);
            if (coefficients == null) {
                return Optional.empty();
            }
            cache.put(xs, coefficients);
        }
        return Shamir.combine(used, coefficients);
    }

    Outcome unmask(long[] sum) {
        int t = plan.threshold();
        Map<List<Integer>, BigInteger[]> cache = new HashMap<>();
        String round = setup.roundId();
        long mod = plan.modulusMask();
        Map<String, byte[]> seeds = new HashMap<>();
        for (var e : selfMaskShares.entrySet()) {
            Optional<byte[]> seed = reconstruct(e.getValue(), cache);
            if (seed.isEmpty()) {
                return tooFew(e.getKey(), "self-mask seed", e.getValue().size());
            }
            seeds.put(e.getKey(), seed.get());
        }
        Map<String, X25519.PrivateKey32> lateKeys = new HashMap<>();
        for (var e : maskKeyShares.entrySet()) {
            Optional<byte[]> raw = reconstruct(e.getValue(), cache);
            if (raw.isEmpty()) {
                return tooFew(e.getKey(), "mask key", e.getValue().size());
            }
            X25519.PrivateKey32 key = new X25519.PrivateKey32(raw.get());
            if (!X25519.publicKeyOf(key).equals(keys.get(e.getKey()).maskKey())) {
                return new Outcome.Failed(new RoundFailure(RoundFailure.Reason.RECONSTRUCTION_FAILED, t, t,
                        "the mask key reconstructed for " + e.getKey() + " does not match its advertised key"));
            }
            lateKeys.put(e.getKey(), key);
        }
        for (byte[] seed : seeds.values()) {
            Masks.addSelfMask(sum, seed, round, mod, -1);
        }
        for (var e : lateKeys.entrySet()) {
            String u = e.getKey();
            for (String v : graph.neighbours(u)) {
                if (!survivors.contains(v)) {
                    continue;
                }
                // v added pairSign(v, u)·PRG(s_vu); s_vu = X25519(s_u, s_v^PK) by symmetry.
                Optional<byte[]> agreed = X25519.agree(e.getValue(), keys.get(v).maskKey());
                if (agreed.isEmpty()) {
                    return new Outcome.Failed(new RoundFailure(RoundFailure.Reason.RECONSTRUCTION_FAILED, 1, 0,
                            "no agreement between " + u + " and " + v));
                }
                Masks.addPairwiseMask(sum, agreed.get(), round, mod, -Masks.pairSign(v, u));
            }
        }
        long totalWeight = sum[0];
        long maxWeight = setup.parameters().maxWeight() * survivors.size();
        if (totalWeight < survivors.size() || totalWeight > maxWeight) {
            return new Outcome.Failed(new RoundFailure(RoundFailure.Reason.RECONSTRUCTION_FAILED, survivors.size(), 0,
                    "the unmasked total weight " + totalWeight + " is outside [" + survivors.size() + ", " + maxWeight + "]"));
        }
        float[] mean = new Quantizer(setup.parameters()).weightedMean(sum);
        return new Outcome.Done(mean, totalWeight);
    }

    private Outcome tooFew(String owner, String what, int had) {
        return new Outcome.Failed(new RoundFailure(RoundFailure.Reason.TOO_FEW_UNMASK_SHARES, plan.threshold(), had,
                "only " + had + " shares of " + owner + "'s " + what + " arrived, the threshold is " + plan.threshold()));
    }

    sealed interface Outcome {
        record Done(float[] mean, long totalWeight) implements Outcome {
        }

        record Failed(RoundFailure failure) implements Outcome {
        }
    }
}
