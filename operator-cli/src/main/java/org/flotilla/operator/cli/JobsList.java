package org.flotilla.operator.cli;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.api.ApiResponse;
import org.flotilla.operator.api.Json;
import org.flotilla.operator.api.Views;
import org.flotilla.operator.render.Format;
import org.flotilla.operator.render.Table;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code flotilla jobs list}: every job with its state, progress and latest accuracies. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the jobs.")
final class JobsList extends ApiCommand {

    @Override
    ExitCode run() {
        ApiResponse r = api().get("/api/v1/jobs");
        if (json()) {
            printJson(r);
            return ExitCode.OK;
        }
        table(r.json()).print(out(), "no jobs yet; create one with: flotilla jobs create -f job.json");
        return ExitCode.OK;
    }

    static Table table(JsonNode jobs) {
        Table t = new Table().number("id").text("name").text("state").number("rounds").text("strategy")
                .number("test acc").number("fed acc").text("created").text("reason");
        for (JsonNode n : jobs) {
            Views.Job j = Json.convert(n, Views.Job.class);
            t.row(j.id(), j.name(), j.state(), j.completedRounds() + "/" + j.rounds(), j.strategy(),
                    Format.figure(j.latestTestAccuracy()), Format.figure(j.latestFederatedAccuracy()),
                    Format.time(j.createdAt()), j.reason());
        }
        return t;
    }
}
