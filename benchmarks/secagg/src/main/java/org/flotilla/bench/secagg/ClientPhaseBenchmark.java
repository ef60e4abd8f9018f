package org.flotilla.bench.secagg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.flotilla.secagg.Neighbourhood;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Threshold;
import org.flotilla.secagg.client.ClientSession;
import org.flotilla.secagg.client.ClientStateCodec;
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
 * A client's own work in each phase of a secure round, as the edge client does it: the
 * coordinator's message decoded from its wire form, the session (kept in memory from the phase
 * before, as the edge client keeps it; or, with {@code --sessions restored}, restored from its saved
 * state text as after a restart), the library's step, the new state encoded (what the edge client
 * writes, without the disk) and the answer encoded for the wire. Complete graph of {@code n} clients (n − 1 neighbours),
 * the MLP's update length, defaults otherwise; every round's result is checked against the plain
 * weighted mean of the clients' clipped updates.
 *
 * <p>Reports, per phase, the first client of the first round (a cold JVM: what a device pays in
 * its first secure round, before the JIT has compiled the crypto; for the first size listed only,
 * so run one size per JVM for each one's cold figure) and the median over all clients of the
 * later rounds (warm).
 *
 * <pre>benchmarks/secagg/phase-costs [--clients 10,100] [--rounds 5] [--length 199210] [--sessions kept|restored]</pre>
 */
public final class ClientPhaseBenchmark {

    private static final String[] PHASES = {"advertise keys", "share keys", "masked input", "unmask"};

    private ClientPhaseBenchmark() {
    }

    public static void main(String[] args) {
        List<Integer> sizes = List.of(10, 100);
        int rounds = 5;
        int length = 199_210;
        boolean kept = true;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--clients" -> sizes = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--length" -> length = Integer.parseInt(value);
                case "--sessions" -> kept = switch (value) {
                    case "kept" -> true;
                    case "restored" -> false;
                    default -> {
                        System.err.println("phase-costs: --sessions is kept or restored, was " + value);
                        System.exit(2);
                        yield true;
                    }
                };
                default -> {
                    System.err.println("phase-costs: unknown option " + args[i] + " (see benchmarks/secagg/phase-costs --help)");
                    System.exit(2);
                }
            }
        }
        if (rounds < 2) {
            System.err.println("phase-costs: --rounds must be at least 2 (the first is the cold one)");
            System.exit(2);
        }
        StringBuilder table = new StringBuilder();
        table.append("| n | neighbours | phase | cold ms (first client, round 1) | warm ms (median, rounds 2–")
                .append(rounds).append(") | warm max ms |\n|---|---|---|---:|---:|---:|\n");
        for (int n : sizes) {
            long[][][] nanos = new long[rounds][][];
            for (int r = 0; r < rounds; r++) {
                nanos[r] = round(n, length, r, kept);
            }
            for (int phase = 0; phase < PHASES.length; phase++) {
                List<Long> warm = new ArrayList<>();
                for (int r = 1; r < rounds; r++) {
                    for (long[] client : nanos[r]) {
                        warm.add(client[phase]);
                    }
                }
                long[] sorted = warm.stream().mapToLong(Long::longValue).sorted().toArray();
                // Only the first size meets a cold JVM; later ones run after it.
                String cold = n == sizes.getFirst() ? String.format(Locale.ROOT, "%.1f", nanos[0][0][phase] / 1e6)
                        : "(JVM warmed by n = " + sizes.getFirst() + ")";
                table.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %.2f | %.2f |%n", n, n - 1, PHASES[phase],
                        cold, sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6));
            }
        }
        System.out.print(table);
    }

    /** One round; per client the nanoseconds of its four phases. */
    private static long[][] round(int n, int length, int index, boolean kept) {
        SecAggParameters p = new SecAggParameters(new Threshold.Majority(), new Neighbourhood.Complete(), 1.0, 16, 65_536);
        String roundId = "bench/round-" + (index + 1);
        RoundSetup setup = new RoundSetup(roundId, p, length);
        SecureRandom random = new SecureRandom();
        Random data = new Random(31L * n + index);
        byte[] seed = new byte[ShareKeysRequest.SEED_BYTES];
        random.nextBytes(seed);
        ServerSession server = new ServerSession(setup, seed);
        Map<String, String> states = new LinkedHashMap<>();
        Map<String, ClientSession> sessions = new LinkedHashMap<>();
        Map<String, float[]> updates = new LinkedHashMap<>();
        Map<String, Long> examples = new LinkedHashMap<>();
        long[][] nanos = new long[n][4];
        String setupJson = setup.toJson();

        for (int i = 0; i < n; i++) {
            String id = String.format(Locale.ROOT, "client-%03d", i);
            float[] update = new float[length];
            for (int j = 0; j < length; j++) {
                update[j] = (float) (data.nextGaussian() * 0.01);
            }
            updates.put(id, update);
            examples.put(id, 1L + data.nextInt(6000));
            long t0 = System.nanoTime();
            ClientSession c = ClientSession.start(RoundSetup.fromJson(setupJson), id, random);
            sessions.put(id, c);
            states.put(id, ClientStateCodec.toJson(c.state()));
            String ad = c.advertisement().toJson();
            nanos[i][0] = System.nanoTime() - t0;
            server.acceptKeys(KeyAdvertisement.fromJson(ad));
        }
        check(server.closeKeys());

        // The session a phase continues: the one kept in memory, or the one restored from its saved state.
        Function<String, ClientSession> sessionOf = id -> kept ? sessions.get(id)
                : ClientSession.restore(ClientStateCodec.fromJson(states.get(id)), random);
        int i = 0;
        for (String id : states.keySet()) {
            String request = server.shareKeysRequest(id).toJson();
            long t0 = System.nanoTime();
            ClientSession c = sessionOf.apply(id);
            ClientStep<SealedShares> step = c.shareKeys(ShareKeysRequest.fromJson(request));
            states.put(id, ClientStateCodec.toJson(c.state()));
            String answer = sent(step).toJson();
            nanos[i++][1] = System.nanoTime() - t0;
            server.acceptShares(SealedShares.fromJson(answer));
        }
        check(server.closeShares());

        i = 0;
        for (String id : states.keySet()) {
            String forwarded = server.forwardedShares(id).toJson();
            long t0 = System.nanoTime();
            ClientSession c = sessionOf.apply(id);
            ClientStep<MaskedInput> step = c.maskInput(SealedShares.fromJson(forwarded), updates.get(id), examples.get(id));
            states.put(id, ClientStateCodec.toJson(c.state()));
            byte[] wire = MaskedVectorCodec.encode(sent(step));
            nanos[i++][2] = System.nanoTime() - t0;
            server.acceptMaskedInput(MaskedVectorCodec.decode(wire, server.plan().modulusBits(), length + 1));
        }
        check(server.closeMaskedInput());

        i = 0;
        for (String id : states.keySet()) {
            String request = server.unmaskRequest(id).toJson();
            long t0 = System.nanoTime();
            ClientSession c = sessionOf.apply(id);
            ClientStep<UnmaskResponse> step = c.unmask(UnmaskRequest.fromJson(request));
            states.put(id, ClientStateCodec.toJson(c.state()));
            String answer = sent(step).toJson();
            nanos[i++][3] = System.nanoTime() - t0;
            server.acceptUnmask(UnmaskResponse.fromJson(answer));
        }
        if (!(server.finish() instanceof AggregationResult.Aggregated a)) {
            throw new IllegalStateException("round failed: " + server.failure());
        }
        checkMean(a.weightedMean(), updates, examples, p.quantizationStep());
        return nanos;
    }

    private static <M> M sent(ClientStep<M> step) {
        if (step instanceof ClientStep.Send<M> send) {
            return send.message();
        }
        throw new IllegalStateException("a client aborted: " + step);
    }

    private static void check(PhaseOutcome outcome) {
        if (outcome instanceof PhaseOutcome.Failed f) {
            throw new IllegalStateException("phase failed: " + f);
        }
    }

    private static void checkMean(float[] mean, Map<String, float[]> updates, Map<String, Long> examples, double step) {
        double[] sum = new double[mean.length];
        long total = 0;
        for (var e : updates.entrySet()) {
            long w = Math.min(examples.get(e.getKey()), 65_536);
            total += w;
            for (int j = 0; j < mean.length; j++) {
                sum[j] += w * Math.max(-1.0, Math.min(1.0, e.getValue()[j]));
            }
        }
        for (int j = 0; j < mean.length; j++) {
            if (Math.abs(mean[j] - sum[j] / total) > step + 1e-6) {
                throw new IllegalStateException("coordinate " + j + " of the mean is off by more than the quantization step");
            }
        }
    }
}
