package org.flotilla.crash;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import tools.jackson.databind.JsonNode;

/**
 * Exactly-once aggregation of a finished job, however often it was killed: each round has exactly
 * one completed attempt; its provenance lists exactly the updates the coordinator acknowledged;
 * its weights are FedAvg (McMahan et al., AISTATS 2017) of those updates over the weights it
 * started from, {@code w + Σ n_k Δ_k / Σ n_k}, recomputed here; the next round starts from them;
 * the job's global weights are the last round's.
 */
final class RoundAudit {

    private static final double TOLERANCE = 1e-5;

    private RoundAudit() {
    }

    /** Checks rounds 1..{@code rounds}; returns how many. */
    static int exactlyOnce(AdminView admin, Ledger ledger, long job, int rounds, long count, List<Device> devices)
            throws IOException, InterruptedException {
        Map<String, Device> byId = Campaign.byId(devices);
        JsonNode j = admin.job(job);
        String weights = j.path("initialWeightsSha256").asString("");
        for (int round = 1; round <= rounds; round++) {
            JsonNode completed = null;
            int completions = 0;
            for (JsonNode r : admin.rounds(job)) {
                if (r.path("round").asInt() == round && r.path("state").asString("").equals("COMPLETED")) {
                    completed = r;
                    completions++;
                }
            }
            if (completions != 1) {
                throw new Violation("round " + round + " of job " + job + " completed " + completions + " times");
            }
            if (!completed.path("weightsSha256").asString("").equals(weights)) {
                throw new Violation("round " + round + " of job " + job + " started from " + completed.path("weightsSha256")
                        + ", not from the previous round's result " + weights);
            }
            Map<String, String> acknowledged = ledger.updatesOf(job, round);
            Map<String, String> used = new TreeMap<>();
            for (JsonNode attempt : admin.round(job, round).path("attempts")) {
                if (attempt.path("summary").path("attempt").asInt() == completed.path("attempt").asInt()) {
                    attempt.path("provenance").path("updates").properties()
                            .forEach(e -> used.put(e.getKey(), e.getValue().asString("")));
                }
            }
            if (!used.equals(acknowledged)) {
                throw new Violation("round " + round + " of job " + job + " aggregated " + used + "; acknowledged were " + acknowledged);
            }
            float[] start = weightsOf(admin, weights, count);
            double[] sum = new double[start.length];
            double total = 0;
            for (Map.Entry<String, String> u : acknowledged.entrySet()) {
                float[] delta = weightsOf(admin, u.getValue(), count);
                long n = byId.get(u.getKey()).examples();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += n * (double) delta[i];
                }
                total += n;
            }
            String result = completed.path("result").path("weightsSha256").asString("");
            float[] got = weightsOf(admin, result, count);
            for (int i = 0; i < got.length; i++) {
                double want = start[i] + sum[i] / total;
                if (Math.abs(got[i] - want) > TOLERANCE * Math.max(1, Math.abs(want))) {
                    throw new Violation("round " + round + " of job " + job + ": weight " + i + " is " + got[i]
                            + ", FedAvg of the acknowledged updates gives " + want);
                }
            }
            weights = result;
        }
        String global = admin.job(job).path("globalWeightsSha256").asString("");
        if (!global.equals(weights)) {
            throw new Violation("job " + job + " shows global weights " + global + ", its last round produced " + weights);
        }
        return rounds;
    }

    private static float[] weightsOf(AdminView admin, String sha, long count) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = admin.artifact(sha);
        if (r.statusCode() != 200 || !Sha256.of(r.body()).equals(sha)) {
            throw new Violation("artifact " + sha + " answered " + r.statusCode() + " or other bytes");
        }
        return WeightsCodec.decode(r.body(), count);
    }
}
