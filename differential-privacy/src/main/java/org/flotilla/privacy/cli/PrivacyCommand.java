package org.flotilla.privacy.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code privacy}: privacy planning for DP jobs. Its one subcommand, {@link EpsilonCommand
 * epsilon}, prints what a planned run spends. Bad arguments give one line on stderr naming the
 * option and the allowed range, and exit code 2; settings with no finite answer give one line and
 * exit code 1.
 */
@Command(name = "privacy", mixinStandardHelpOptions = true, versionProvider = PrivacyCommand.Version.class,
        subcommands = EpsilonCommand.class,
        description = "Differential-privacy planning: epsilon of a planned run, or the noise it needs.")
public final class PrivacyCommand implements Runnable {

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command with the given output streams; returns the exit code (0, 1 or 2). */
    public static int run(PrintWriter stdout, PrintWriter stderr, String... args) {
        CommandLine commandLine = new CommandLine(new PrivacyCommand());
        commandLine.setOut(stdout);
        commandLine.setErr(stderr);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            String message = oneLine(e.getMessage()).replaceFirst("^Error: ", "");
            if (e.getArgSpec() instanceof OptionSpec option && option.description().length > 0) {
                // picocli's conversion errors say what was wrong; the description says what is allowed.
                message += "; " + option.longestName() + " " + option.paramLabel() + " is the "
                        + String.join(" ", option.description());
            }
            stderr.println("privacy: " + message + " (see --help)");
            stderr.flush();
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            boolean usage = e instanceof IllegalArgumentException;
            stderr.println("privacy: " + (usage ? oneLine(e.getMessage()) : "failed: " + oneLine(e.toString())));
            stderr.flush();
            return usage ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a subcommand: epsilon");
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    /** The module version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PrivacyCommand.class.getPackage().getImplementationVersion();
            return new String[] {"Flotilla privacy " + (version == null ? "(development build)" : version)};
        }
    }
}
