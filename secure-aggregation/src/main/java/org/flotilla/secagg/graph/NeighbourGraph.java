package org.flotilla.secagg.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flotilla.secagg.crypto.AesCtrPrg;
import org.flotilla.secagg.crypto.Hkdf;

/**
 * Who is whose neighbour in one round. Participants are sorted by id, shuffled by a
 * Fisher–Yates permutation drawn from AES-CTR keyed by HKDF(seed), and placed on a ring; each is
 * joined to the k/2 nearest on either side. That is the Harary graph H(n, k) under a random
 * labelling: a sparse graph of degree k = O(log n) as SecAgg+ needs (Bell et al. 2020), the
 * usual instantiation, and the ring Flower builds. Its vertex connectivity is k, so up to k − 1 drop-outs never split the survivors.
 * With k ≥ n − 1 it is the complete graph.
 *
 * <p>Each participant also has a fixed Shamir x-coordinate: its 1-based position in id order.
 */
public final class NeighbourGraph {

    private final List<String> participants;
    private final Map<String, Integer> index;
    private final Map<String, List<String>> neighbours;
    private final int degree;

    private NeighbourGraph(List<String> participants, Map<String, List<String>> neighbours, int degree) {
        this.participants = participants;
        this.neighbours = neighbours;
        this.degree = degree;
        this.index = new HashMap<>();
        for (int i = 0; i < participants.size(); i++) {
            index.put(participants.get(i), i + 1);
        }
    }

    /**
     * The graph of degree {@code k} over {@code participants} (distinct ids), labelled by
     * {@code seed} (32 bytes) in round {@code roundId}.
     */
    public static NeighbourGraph build(Collection<String> participants, int k, byte[] seed, String roundId) {
        List<String> sorted = new ArrayList<>(new HashSet<>(participants));
        if (sorted.size() != participants.size()) {
            throw new IllegalArgumentException("participant ids must be distinct");
        }
        sorted.sort(null);
        int n = sorted.size();
        if (k < 0 || k > n - 1) {
            throw new IllegalArgumentException("degree must be in 0.." + (n - 1) + ", was " + k);
        }
        Map<String, List<String>> adjacency = new HashMap<>();
        if (k == n - 1) {
            for (String id : sorted) {
                List<String> others = new ArrayList<>(sorted);
                others.remove(id);
                adjacency.put(id, List.copyOf(others));
            }
            return new NeighbourGraph(List.copyOf(sorted), adjacency, k);
        }
        if (k % 2 != 0) {
            throw new IllegalArgumentException("a Harary graph below the complete graph needs an even degree, was " + k);
        }
        String[] ring = sorted.toArray(String[]::new);
        AesCtrPrg prg = new AesCtrPrg(Hkdf.key(Hkdf.Purpose.GRAPH, seed, roundId));
        for (int i = n - 1; i > 0; i--) {
            int j = prg.nextInt(i + 1);
            String tmp = ring[i];
            ring[i] = ring[j];
            ring[j] = tmp;
        }
        for (int p = 0; p < n; p++) {
            List<String> near = new ArrayList<>(k);
            for (int off = 1; off <= k / 2; off++) {
                near.add(ring[(p + off) % n]);
                near.add(ring[(p - off + n) % n]);
            }
            near.sort(null);
            adjacency.put(ring[p], List.copyOf(near));
        }
        return new NeighbourGraph(List.copyOf(sorted), adjacency, k);
    }

    /** All participants in id order. */
    public List<String> participants() {
        return participants;
    }

    /** The degree k. */
    public int degree() {
        return degree;
    }

    /** Whether {@code id} takes part. */
    public boolean contains(String id) {
        return index.containsKey(id);
    }

    /** The neighbours of {@code id}, in id order, without {@code id} itself. */
    public List<String> neighbours(String id) {
        List<String> n = neighbours.get(id);
        if (n == null) {
            throw new IllegalArgumentException("not a participant: " + id);
        }
        return n;
    }

    /** Whether {@code a} and {@code b} are neighbours. */
    public boolean adjacent(String a, String b) {
        List<String> n = neighbours.get(a);
        return n != null && java.util.Collections.binarySearch(n, b) >= 0;
    }

    /** The Shamir x-coordinate of {@code id}: its 1-based position in id order. */
    public int shareIndex(String id) {
        Integer i = index.get(id);
        if (i == null) {
            throw new IllegalArgumentException("not a participant: " + id);
        }
        return i;
    }

    /**
     * Whether the graph restricted to {@code alive} is connected. When it is not, the server
     * could learn each component's sum separately, more than the sum of all survivors.
     */
    public boolean connectedAmong(Set<String> alive) {
        if (alive.isEmpty()) {
            return true;
        }
        String start = alive.iterator().next();
        Set<String> seen = new HashSet<>(List.of(start));
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            for (String next : neighbours(todo.pop())) {
                if (alive.contains(next) && seen.add(next)) {
                    todo.push(next);
                }
            }
        }
        return seen.size() == alive.size();
    }

    @Override
    public String toString() {
        return "NeighbourGraph[n=" + participants.size() + ", k=" + degree + ", first=" + Arrays.toString(
                participants.stream().limit(3).toArray()) + "]";
    }
}
