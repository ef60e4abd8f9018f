package org.flotilla.edge;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.flotilla.datasets.DataException;
import org.flotilla.edge.cli.RunCommand;
import org.flotilla.edge.cli.StatusCommand;
import org.flotilla.edge.cli.VersionCommand;
import org.flotilla.edge.config.ConfigException;
import org.flotilla.edge.state.StateCorruptException;
import org.flotilla.edge.training.NativeBuild;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code edge-client}: the command line of the device program. Bad input never produces a stack
 * trace: picocli's parameter and execution exception handlers print one line ("what was wrong,
 * what to do") and return {@link ExitStatus#BAD_INPUT}; see {@link ExitStatus} for the codes.
 */
@Command(name = "edge-client", usageHelpAutoWidth = true,
        description = "Flotilla edge client: trains federated models on this device's private data.",
        subcommands = {CommandLine.HelpCommand.class})
public final class EdgeClientMain implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Entry point of {@code bin/edge-client}. */
    public static void main(String[] args) {
        NativeBuild.select();   // before anything loads ND4J: the oneDNN build on x86-64
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, System.getenv(), out, err));
    }

    /** Runs the command line with an explicit environment and streams; returns the exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new EdgeClientMain());
        cl.addSubcommand("run", new RunCommand(env));
        cl.addSubcommand("status", new StatusCommand(env));
        cl.addSubcommand("version", new VersionCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, badArgs) -> {
            CommandLine sub = ex.getCommandLine();
            err.println("edge-client: " + ex.getMessage() + "; see 'edge-client "
                    + (sub.getParent() == null ? "" : sub.getCommandName() + " ") + "--help'");
            err.flush();
            return ExitStatus.BAD_INPUT.code();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            if (ex instanceof ConfigException || ex instanceof DataException || ex instanceof StateCorruptException) {
                err.println("edge-client: " + ex.getMessage());
                err.flush();
                return ExitStatus.BAD_INPUT.code();
            }
            LoggerFactory.getLogger(EdgeClientMain.class).error("internal error", ex);
            err.println("edge-client: internal error: " + ex + " (the log above has the details)");
            err.flush();
            return ExitStatus.INTERNAL_ERROR.code();
        });
        return cl.execute(args);
    }

    /** Without a subcommand: say what to type. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("edge-client: missing command; use one of: run, status, version"
                + " (e.g. 'edge-client run --help')");
        spec.commandLine().getErr().flush();
        return ExitStatus.BAD_INPUT.code();
    }
}
