package org.flotilla.operator.cli;

import java.nio.file.Path;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.OperatorException;
import org.flotilla.operator.render.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flotilla model get ID [--round N] [--format dl4j|raw] -o FILE}: the latest global model, or
 * the one after round N (0 = initial), written atomically (no partial file on failure).
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Download a job's global model: the latest, or the one after --round N (0 = initial).",
                "dl4j: a DL4J ModelSerializer zip; raw: the WeightsCodec bytes (docs/protocol.md)."})
final class ModelGet extends ApiCommand {

    /** What the coordinator can serve. */
    enum ModelFormat { dl4j, raw }

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id.")
    long id;

    @Option(names = "--round", paramLabel = "N", description = "The model after round N (0 = initial; default: latest).")
    Integer round;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "dl4j",
            description = "dl4j (default) or raw.")
    ModelFormat format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write it.")
    Path output;

    @Override
    ExitCode run() {
        if (round != null && round < 0) {
            throw OperatorException.usage("--round must be 0 (the initial model) or a completed round, was " + round);
        }
        String path = "/api/v1/jobs/" + id + "/model?format=" + format + (round == null ? "" : "&round=" + round);
        long bytes = api().download(path, output);
        if (json()) {
            out().println("{\"job\":" + id + ",\"round\":" + round + ",\"format\":\"" + format + "\",\"file\":"
                    + org.flotilla.operator.api.Json.MAPPER.writeValueAsString(output.toAbsolutePath().toString())
                    + ",\"bytes\":" + bytes + "}");
        } else {
            out().println("wrote " + output + " (" + Format.bytes(bytes) + ", job " + id + ", "
                    + (round == null ? "latest model" : round == 0 ? "initial model" : "after round " + round) + ", " + format + ")");
        }
        return ExitCode.OK;
    }
}
