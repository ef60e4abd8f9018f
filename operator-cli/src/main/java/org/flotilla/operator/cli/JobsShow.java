package org.flotilla.operator.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.api.ApiResponse;
import org.flotilla.operator.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code flotilla jobs show ID}: every field of a job, nested ones with dotted names
 * ({@code policy.minClients}), followed by its rounds.
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one job and its rounds.")
final class JobsShow extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id.")
    long id;

    @Override
    ExitCode run() {
        ApiResponse job = api().get("/api/v1/jobs/" + id);
        if (json()) {
            printJson(job);
            return ExitCode.OK;
        }
        Table fields = new Table().text("field").text("value");
        for (Map.Entry<String, String> e : flatten(job.json())) {
            fields.row(e.getKey(), e.getValue());
        }
        fields.print(out(), "");
        out().println();
        JsonNode rounds = api().get("/api/v1/jobs/" + id + "/rounds").json();
        RoundsTable.of(rounds).print(out(), "no rounds yet");
        return ExitCode.OK;
    }

    /** Leaf fields of {@code node} with dotted paths, in the coordinator's order. */
    static List<Map.Entry<String, String>> flatten(JsonNode node) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, List<Map.Entry<String, String>> out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            out.add(Map.entry(prefix, node.toString()));
        } else if (node.isObject()) {
            out.add(Map.entry(prefix, "{}"));
        } else {
            out.add(Map.entry(prefix, node.isNull() ? "–" : node.asString()));
        }
    }
}
