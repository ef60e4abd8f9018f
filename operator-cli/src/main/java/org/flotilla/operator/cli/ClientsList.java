package org.flotilla.operator.cli;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.api.ApiResponse;
import org.flotilla.operator.api.Json;
import org.flotilla.operator.api.Views;
import org.flotilla.operator.render.Format;
import org.flotilla.operator.render.Table;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code flotilla clients list}: every enrolled client with status, last contact and what it declared. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the enrolled clients.")
final class ClientsList extends ApiCommand {

    @Override
    ExitCode run() {
        ApiResponse r = api().get("/api/v1/clients");
        if (json()) {
            printJson(r);
            return ExitCode.OK;
        }
        java.time.Instant now = io().clock().instant();
        Table t = new Table().text("id").text("name").text("status").text("last seen").text("platform")
                .text("version").number("cores").number("examples").text("enrolled");
        for (JsonNode n : r.json()) {
            Views.Client c = Json.convert(n, Views.Client.class);
            t.row(c.id(), c.name(), c.status(), Format.ago(c.lastSeen(), now), c.platform(), c.clientVersion(), c.cores(),
                    Format.count(c.examples()), Format.time(c.enrolledAt()));
        }
        t.print(out(), "no clients enrolled yet");
        return ExitCode.OK;
    }
}
