package org.flotilla.operator.cli;

import java.io.PrintWriter;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.OperatorException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Builds the command line and runs it: an {@link OperatorException} becomes one line on standard
 * error ({@code flotilla: …}) and its exit status; a usage error one line with a pointer to
 * {@code --help}; anything unexpected one line too (the stack trace only with
 * {@code FLOTILLA_DEBUG=1}).
 */
public final class Commands {

    private Commands() {
    }

    /** Runs {@code args} and returns the exit status. */
    public static int run(Io io, String... args) {
        CommandLine cl = new CommandLine(new OperatorCommand(io));
        cl.setOut(io.out());
        cl.setErr(io.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ParameterException e, String[] a) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            io.err().println("flotilla: " + e.getMessage() + "; see '" + command + " --help'");
            io.err().flush();
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((Exception e, CommandLine c, CommandLine.ParseResult p) -> {
            PrintWriter err = io.err();
            io.out().flush();
            if (e instanceof OperatorException oe) {
                err.println("flotilla: " + oe.getMessage());
                err.flush();
                return oe.exitCode().code();
            }
            err.println("flotilla: unexpected error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))
                    + " (set FLOTILLA_DEBUG=1 for details)");
            if ("1".equals(io.env().get("FLOTILLA_DEBUG"))) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.FAILED.code();
        });
        int code = cl.execute(args);
        io.out().flush();
        io.err().flush();
        return code;
    }
}
