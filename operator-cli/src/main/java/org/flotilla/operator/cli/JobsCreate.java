package org.flotilla.operator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.OperatorException;
import org.flotilla.operator.api.ApiResponse;
import org.flotilla.operator.api.Json;
import org.flotilla.operator.api.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code flotilla jobs create -f job.json|job.yaml}: sends a job request (README's job fields) to
 * {@code POST /api/v1/jobs}. YAML is turned into the same JSON; the coordinator validates it and
 * its refusal names the field and the limit.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a job from a JSON or YAML file (the fields of README's job table).",
                "'-f -' reads standard input (JSON or YAML)."})
final class JobsCreate extends ApiCommand {

    /** Largest job file read; a DL4J configuration string is the only big field. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "The job request: .json, .yaml or .yml (or '-' for standard input).")
    String file;

    @Override
    ExitCode run() {
        JsonNode request = read();
        ApiResponse r = api().post("/api/v1/jobs", request);
        if (json()) {
            printJson(r);
            return ExitCode.OK;
        }
        Views.Job j = Json.convert(r.json(), Views.Job.class);
        out().println("created job " + j.id() + " \"" + j.name() + "\": " + j.state() + ", " + j.strategy() + ", "
                + j.rounds() + " rounds; follow it with: flotilla jobs watch " + j.id());
        return ExitCode.OK;
    }

    private JsonNode read() {
        String text;
        boolean yaml;
        if (file.equals("-")) {
            text = readStdin();
            yaml = !text.stripLeading().startsWith("{");
        } else {
            Path p = Path.of(file);
            text = readFile(p);
            String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
            yaml = name.endsWith(".yaml") || name.endsWith(".yml")
                    || (!name.endsWith(".json") && !text.stripLeading().startsWith("{"));
        }
        JsonNode node;
        try {
            node = yaml ? YAML.readTree(text) : Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw OperatorException.usage(file + " is not valid " + (yaml ? "YAML" : "JSON") + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw OperatorException.usage(file + " must hold one job object ({\"name\": …, \"rounds\": …}), not "
                    + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        return node;
    }

    private String readFile(Path p) {
        try {
            long size = Files.size(p);
            if (size > MAX_BYTES) {
                throw OperatorException.usage(p + " has " + size + " bytes; a job file may have at most " + MAX_BYTES);
            }
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw OperatorException.usage("job file " + p + " does not exist");
        } catch (IOException e) {
            throw OperatorException.usage("cannot read job file " + p + ": " + e.getMessage());
        }
    }

    private static String readStdin() {
        try {
            InputStream in = System.in;
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw OperatorException.usage("standard input has more than " + MAX_BYTES + " bytes; a job may have at most that");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw OperatorException.usage("cannot read standard input: " + e.getMessage());
        }
    }
}
