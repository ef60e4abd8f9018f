package org.flotilla.crash;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.flotilla.model.codec.Sha256;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.EvalResult;
import org.flotilla.model.wire.TaskKind;
import tools.jackson.databind.JsonNode;

/**
 * Everything the coordinator acknowledged, and what the API showed: checked in full against every
 * restarted incarnation. An acknowledged change must be there; a state seen must not go back.
 */
public final class Ledger {

    /** A client's part in one round of a job. */
    record Key(long job, int round, String client) {
    }

    private final Map<Long, String> jobs = new LinkedHashMap<>();
    private final Map<String, Device> enrolled = new LinkedHashMap<>();
    private final Map<Key, Assignment> trainAssignments = new LinkedHashMap<>();
    private final Map<Key, Assignment> evalAssignments = new LinkedHashMap<>();
    private final Map<Key, String> updates = new LinkedHashMap<>();
    private final Map<Key, String> declines = new LinkedHashMap<>();
    private final Map<Key, EvalResult> results = new LinkedHashMap<>();
    private final Map<String, String> roundStates = new LinkedHashMap<>();
    private final Map<String, String> roundWeights = new LinkedHashMap<>();
    private final Map<String, String> evaluationStates = new LinkedHashMap<>();
    private final Set<String> verifiedArtifacts = new TreeSet<>();

    void job(long id, String state) {
        jobs.merge(id, state, (a, b) -> rank(b, JOB) >= rank(a, JOB) ? b : a);
    }

    void enrolled(Device d) {
        enrolled.put(d.id(), d);
    }

    void assigned(Device d, Assignment a) {
        Key k = new Key(a.jobId(), a.round(), d.id());
        (a.task() == TaskKind.EVALUATE ? evalAssignments : trainAssignments).put(k, a);
    }

    void updated(Device d, Assignment a, String sha256) {
        updates.put(new Key(a.jobId(), a.round(), d.id()), sha256);
    }

    void declined(Device d, Assignment a, String reason) {
        declines.put(new Key(a.jobId(), a.round(), d.id()), reason);
    }

    void reported(Device d, Assignment a, EvalResult r) {
        results.put(new Key(a.jobId(), a.round(), d.id()), r);
    }

    /** The accepted updates of a round, client → sha256. */
    Map<String, String> updatesOf(long job, int round) {
        Map<String, String> m = new java.util.TreeMap<>();
        updates.forEach((k, sha) -> {
            if (k.job() == job && k.round() == round) {
                m.put(k.client(), sha);
            }
        });
        return m;
    }

    /** Records what the API shows of a job's rounds and evaluations, to be held to it later. */
    void observe(AdminView admin, long job) throws IOException, InterruptedException {
        for (JsonNode r : admin.rounds(job)) {
            String key = job + "/" + r.path("round").asInt() + "." + r.path("attempt").asInt();
            String state = r.path("state").asString("");
            roundStates.merge(key, state, (a, b) -> rank(b, ROUND) >= rank(a, ROUND) ? b : a);
            if (state.equals("COMPLETED")) {
                roundWeights.put(key, r.path("result").path("weightsSha256").asString(""));
            }
            JsonNode e = r.path("federatedEvaluation");
            if (e.isObject()) {
                evaluationStates.merge(job + "/" + r.path("round").asInt(), e.path("state").asString(""),
                        (a, b) -> rank(b, EVALUATION) >= rank(a, EVALUATION) ? b : a);
            }
        }
        job(job, admin.job(job).path("state").asString(""));
    }

    /** Checks every acknowledged change and every observed state against the coordinator; throws a {@link Violation}. */
    void verify(AdminView admin, StoreCheck store) throws IOException, InterruptedException {
        for (Map.Entry<Long, String> j : jobs.entrySet()) {
            JsonNode job = admin.job(j.getKey());
            String state = job.path("state").asString("");
            if (rank(state, JOB) < rank(j.getValue(), JOB) || isTerminal(j.getValue(), JOB) && !state.equals(j.getValue())) {
                throw new Violation("job " + j.getKey() + " is " + state + "; it was " + j.getValue() + " before the crash");
            }
            for (String column : List.of("planSha256", "initialWeightsSha256", "globalWeightsSha256")) {
                store.requireIntact(job.path(column).asString(""), "job " + j.getKey() + " " + column);
            }
        }
        Set<String> registry = new TreeSet<>();
        admin.clients().forEach(c -> registry.add(c.path("id").asString("")));
        for (String id : enrolled.keySet()) {
            if (!registry.contains(id)) {
                throw new Violation("enrolled client " + id + " is not in the registry");
            }
        }
        Map<String, JsonNode> details = new HashMap<>();
        for (Map.Entry<Key, Assignment> e : trainAssignments.entrySet()) {
            participant(detail(admin, details, e.getKey()), e.getKey(), "assignment of");
        }
        for (Map.Entry<Key, String> e : updates.entrySet()) {
            JsonNode p = participant(detail(admin, details, e.getKey()), e.getKey(), "update of");
            if (!p.path("status").asString("").equals("REPORTED") || !p.path("update").path("sha256").asString("").equals(e.getValue())) {
                throw new Violation("the accepted update " + e.getValue() + " of " + e.getKey() + " is not recorded: " + p);
            }
            store.requireIntact(e.getValue(), "update of " + e.getKey());
            if (verifiedArtifacts.add(e.getValue())) {
                var r = admin.artifact(e.getValue());
                if (r.statusCode() != 200 || !Sha256.of(r.body()).equals(e.getValue())) {
                    throw new Violation("GET /api/v1/artifacts/" + e.getValue() + " answered " + r.statusCode()
                            + " or other bytes, for the accepted update of " + e.getKey());
                }
            }
        }
        for (Map.Entry<Key, String> e : declines.entrySet()) {
            JsonNode p = participant(detail(admin, details, e.getKey()), e.getKey(), "decline of");
            if (!p.path("status").asString("").equals("DECLINED") || !p.path("declineReason").asString("").equals(e.getValue())) {
                throw new Violation("the acknowledged decline of " + e.getKey() + " is not recorded: " + p);
            }
        }
        for (Key k : evalAssignments.keySet()) {
            evaluationParticipant(detail(admin, details, k), k);
        }
        for (Map.Entry<Key, EvalResult> e : results.entrySet()) {
            JsonNode p = evaluationParticipant(detail(admin, details, e.getKey()), e.getKey());
            JsonNode r = p.path("result");
            EvalResult want = e.getValue();
            if (!p.path("status").asString("").equals("REPORTED") || r.path("examples").asLong() != want.examples()
                    || Double.compare(r.path("loss").asDouble(), want.loss()) != 0
                    || Double.compare(r.path("accuracy").asDouble(), want.accuracy()) != 0) {
                throw new Violation("the accepted evaluation result of " + e.getKey() + " is not recorded: " + p);
            }
        }
        Map<String, String> nowRounds = new HashMap<>();
        Map<String, String> nowWeights = new HashMap<>();
        Map<String, String> nowEvaluations = new HashMap<>();
        for (long job : jobs.keySet()) {
            for (JsonNode r : admin.rounds(job)) {
                String key = job + "/" + r.path("round").asInt() + "." + r.path("attempt").asInt();
                nowRounds.put(key, r.path("state").asString(""));
                nowWeights.put(key, r.path("result").path("weightsSha256").asString(null));
                if (r.path("federatedEvaluation").isObject()) {
                    nowEvaluations.put(job + "/" + r.path("round").asInt(), r.path("federatedEvaluation").path("state").asString(""));
                }
            }
        }
        holdTo(roundStates, nowRounds, ROUND, "round");
        holdTo(evaluationStates, nowEvaluations, EVALUATION, "federated evaluation of round");
        roundWeights.forEach((key, sha) -> {
            if (!sha.equals(nowWeights.get(key))) {
                throw new Violation("round " + key + " completed with weights " + sha + ", now shows " + nowWeights.get(key));
            }
            store.requireIntact(sha, "weights of round " + key);
        });
    }

    private static void holdTo(Map<String, String> seen, Map<String, String> now, List<String> order, String what) {
        seen.forEach((key, state) -> {
            String current = now.get(key);
            if (current == null || rank(current, order) < rank(state, order) || isTerminal(state, order) && !state.equals(current)) {
                throw new Violation(what + " " + key + " was seen " + state + " before the crash and is " + current + " now");
            }
        });
    }

    private static JsonNode detail(AdminView admin, Map<String, JsonNode> cache, Key k) throws IOException, InterruptedException {
        String key = k.job() + "/" + k.round();
        JsonNode d = cache.get(key);
        if (d == null) {
            d = admin.round(k.job(), k.round());
            cache.put(key, d);
        }
        return d;
    }

    private static JsonNode participant(JsonNode detail, Key k, String what) {
        for (JsonNode attempt : detail.path("attempts")) {
            for (JsonNode p : attempt.path("participants")) {
                if (p.path("clientId").asString("").equals(k.client())) {
                    return p;
                }
            }
        }
        throw new Violation("the acknowledged " + what + " " + k + " is missing: no such participant");
    }

    private static JsonNode evaluationParticipant(JsonNode detail, Key k) {
        for (JsonNode p : detail.path("federatedEvaluation").path("participants")) {
            if (p.path("clientId").asString("").equals(k.client())) {
                return p;
            }
        }
        throw new Violation("the acknowledged evaluation assignment " + k + " is missing");
    }

    private static final List<String> JOB = List.of("CREATED", "RUNNING", "COMPLETED|FAILED|CANCELLED");
    private static final List<String> ROUND = List.of("SELECTION", "TRAINING", "AGGREGATING", "COMPLETED|FAILED");
    private static final List<String> EVALUATION = List.of("SELECTION", "EVALUATING", "COMPLETED|FAILED");

    private static int rank(String state, List<String> order) {
        for (int i = 0; i < order.size(); i++) {
            if (List.of(order.get(i).split("\\|")).contains(state)) {
                return i;
            }
        }
        throw new Violation("unknown state " + state);
    }

    private static boolean isTerminal(String state, List<String> order) {
        return rank(state, order) == order.size() - 1;
    }
}
