package org.flotilla.bench.secagg;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Where a round's time goes, from the coordinator's round detail ({@code GET
 * /api/v1/jobs/{id}/rounds/{round}}): for each phase of a secure round (a plain round is one
 * training phase) the time from its opening to the first assignment, from the first to the last
 * assignment, the clients' own time (assigned → answered: their work and the upload; median and
 * maximum), from the last answer to the phase's end (closing) and from its end to the next phase's
 * opening. Means over the rounds after the first.
 */
final class PhaseTimes {

    private static final String[] COLUMNS = {"open → 1st assigned", "1st → last assigned", "client median",
            "client max", "last answer → end", "end → next open", "phase"};

    private PhaseTimes() {
    }

    static String table(String title, List<JsonNode> rounds) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode round : rounds) {
            if (round.path("round").asInt() < 2) {
                continue;
            }
            JsonNode attempt = round.path("attempts").get(round.path("attempts").size() - 1);
            for (Map.Entry<String, double[]> e : phases(attempt).entrySet()) {
                double[] sum = sums.computeIfAbsent(e.getKey(), k -> new double[COLUMNS.length]);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += e.getValue()[i];
                }
                counts.merge(e.getKey(), 1, Integer::sum);
            }
        }
        StringBuilder b = new StringBuilder("\n" + title + ", seconds, mean of rounds 2 and later\n| phase |");
        for (String c : COLUMNS) {
            b.append(' ').append(c).append(" |");
        }
        b.append("\n| --- |").append(" ---: |".repeat(COLUMNS.length)).append('\n');
        sums.forEach((phase, sum) -> {
            b.append("| ").append(phase).append(" |");
            for (double v : sum) {
                b.append(String.format(Locale.ROOT, " %.3f |", v / counts.get(phase)));
            }
            b.append('\n');
        });
        return b.toString();
    }

    /** Per phase of one attempt, in order: the columns' seconds. */
    private static Map<String, double[]> phases(JsonNode attempt) {
        Map<String, double[]> out = new LinkedHashMap<>();
        JsonNode secure = attempt.path("summary").path("secureAggregation").path("phases");
        if (!secure.isArray() || secure.isEmpty()) {
            JsonNode s = attempt.path("summary");
            out.put("TRAINING", columns(at(s, "openedAt"), at(s, "finishedAt"), null, attempt.path("participants")));
            return out;
        }
        for (int i = 0; i < secure.size(); i++) {
            JsonNode p = secure.get(i);
            Instant next = i + 1 < secure.size() ? at(secure.get(i + 1), "openedAt") : null;
            JsonNode people = null;
            for (JsonNode q : attempt.path("phases")) {
                if (q.path("phase").asString("").equals(p.path("phase").asString())) {
                    people = q.path("participants");
                }
            }
            out.put(p.path("phase").asString(), columns(at(p, "openedAt"), at(p, "finishedAt"), next, people));
        }
        return out;
    }

    private static double[] columns(Instant opened, Instant finished, Instant next, JsonNode people) {
        List<Instant> assigned = new ArrayList<>();
        List<Double> client = new ArrayList<>();
        Instant lastAnswer = null;
        for (JsonNode p : people == null ? List.<JsonNode>of() : people) {
            Instant a = at(p, "assignedAt");
            Instant d = at(p, "answeredAt");
            if (a != null) {
                assigned.add(a);
            }
            if (a != null && d != null && p.path("status").asString("").equals("REPORTED")) {
                client.add(seconds(a, d));
                lastAnswer = lastAnswer == null || d.isAfter(lastAnswer) ? d : lastAnswer;
            }
        }
        assigned.sort(null);
        client.sort(null);
        Instant first = assigned.isEmpty() ? opened : assigned.getFirst();
        Instant last = assigned.isEmpty() ? opened : assigned.getLast();
        return new double[] {seconds(opened, first), seconds(first, last),
                client.isEmpty() ? 0 : client.get(client.size() / 2), client.isEmpty() ? 0 : client.getLast(),
                lastAnswer == null ? 0 : seconds(lastAnswer, finished), next == null ? 0 : seconds(finished, next),
                seconds(opened, finished)};
    }

    private static Instant at(JsonNode n, String field) {
        return n.path(field).isString() ? Instant.parse(n.path(field).asString()) : null;
    }

    private static double seconds(Instant from, Instant to) {
        return from == null || to == null ? 0 : Duration.between(from, to).toNanos() / 1e9;
    }
}
