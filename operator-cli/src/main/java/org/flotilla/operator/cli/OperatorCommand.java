package org.flotilla.operator.cli;

import java.nio.file.Path;

import org.flotilla.operator.api.CoordinatorApi;
import org.flotilla.operator.config.Connection;
import org.flotilla.operator.config.ConnectionResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code flotilla}: the operator's command line. The connection options and {@code --json} are
 * global: they may be given before or after the command, e.g. {@code flotilla jobs list --json}.
 */
@Command(name = "flotilla", mixinStandardHelpOptions = true, versionProvider = Version.class,
        subcommands = {JobsCommand.class, RoundsCommand.class, ClientsCommand.class, ModelCommand.class},
        description = {"Operate a Flotilla coordinator: create, follow and cancel jobs, read rounds, clients and models.",
                "",
                "The coordinator URL and admin token come from --url/--token (or --token-file), else FLOTILLA_URL and",
                "FLOTILLA_ADMIN_TOKEN (or FLOTILLA_ADMIN_TOKEN_FILE), else the config file (keys url, token, token-file),",
                "else http://localhost:8080 and no token."},
        footer = {"", "Exit status: 0 done (jobs watch: COMPLETED), 1 refused by the coordinator or a local file error,",
                "2 bad usage or configuration, 3 job FAILED, 4 job CANCELLED, 5 coordinator unreachable, 6 wrong token."})
public final class OperatorCommand extends GroupCommand {

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Coordinator base URL (default: FLOTILLA_URL, config file, http://localhost:8080).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "Admin bearer token (default: FLOTILLA_ADMIN_TOKEN, config file). Prefer --token-file: "
                    + "a command line is visible to other users.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "File holding the admin token, e.g. <data-dir>/admin-token.")
    Path tokenFile;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Config file (default: $XDG_CONFIG_HOME/flotilla/operator.properties or "
                    + "~/.config/flotilla/operator.properties, if present).")
    Path config;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the coordinator's JSON instead of a table (jobs watch: one JSON object per event).")
    boolean json;

    private final Io io;

    public OperatorCommand(Io io) {
        this.io = io;
    }

    Io io() {
        return io;
    }

    boolean json() {
        return json;
    }

    /** The API client for the resolved connection. */
    CoordinatorApi api() {
        Connection c = new ConnectionResolver(io.env(), io.home()).resolve(url, token, tokenFile, config,
                w -> io.err().println("flotilla: " + w));
        return new CoordinatorApi(c);
    }
}
