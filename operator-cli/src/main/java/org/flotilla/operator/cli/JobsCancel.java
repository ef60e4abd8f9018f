package org.flotilla.operator.cli;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.api.ApiResponse;
import org.flotilla.operator.api.Json;
import org.flotilla.operator.api.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code flotilla jobs cancel ID}: cancels a job that has not finished (the coordinator answers 409 otherwise). */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job that has not finished.")
final class JobsCancel extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id.")
    long id;

    @Override
    ExitCode run() {
        ApiResponse r = api().post("/api/v1/jobs/" + id + "/cancel", null);
        if (json()) {
            printJson(r);
            return ExitCode.OK;
        }
        Views.Job j = Json.convert(r.json(), Views.Job.class);
        out().println("job " + j.id() + " " + j.state() + (j.reason() == null ? "" : ": " + j.reason()));
        return ExitCode.OK;
    }
}
