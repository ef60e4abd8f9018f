package org.flotilla.demo;

import java.io.PrintWriter;

import picocli.CommandLine;

/** Runs a picocli command with one-line errors and distinct exit codes, never a stack trace. */
public final class Cli {

    private Cli() {
    }

    public static int execute(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        PrintWriter err = new PrintWriter(System.err, true);
        String name = cl.getCommandName();
        cl.setParameterExceptionHandler((e, a) -> {
            err.println(name + ": " + e.getMessage() + " (see --help)");
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, p) -> {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            err.println(name + ": " + m);
            if (Boolean.getBoolean("flotilla.debug")) {
                e.printStackTrace(err);
            }
            return 1;
        });
        return cl.execute(args);
    }
}
