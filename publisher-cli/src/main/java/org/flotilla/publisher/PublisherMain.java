package org.flotilla.publisher;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import org.flotilla.model.bundle.ManifestException;
import org.flotilla.model.signing.SigningException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla-publisher keygen | sign | verify}. Bad input never prints a stack trace: one line
 * {@code flotilla-publisher: <what was wrong>; <what to do>} on standard error and a non-zero exit
 * code ({@link PublisherExit}).
 */
@Command(name = "flotilla-publisher", usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = "Signs Flotilla code bundles and plans with a publisher's Ed25519 key, offline.",
        subcommands = {KeygenCommand.class, SignCommand.class, VerifyCommand.class, CommandLine.HelpCommand.class})
public final class PublisherMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    /** Entry point. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, out, err));
    }

    /** Runs the command line with explicit streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new PublisherMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, badArgs) -> {
            CommandLine sub = ex.getCommandLine();
            err.println("flotilla-publisher: " + ex.getMessage() + "; see 'flotilla-publisher "
                    + (sub.getParent() == null ? "" : sub.getCommandName() + " ") + "--help'");
            err.flush();
            return PublisherExit.BAD_INPUT.code();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            if (ex instanceof SigningException || ex instanceof ManifestException || ex instanceof BadInput) {
                err.println("flotilla-publisher: " + ex.getMessage());
                err.flush();
                return PublisherExit.BAD_INPUT.code();
            }
            err.println("flotilla-publisher: internal error: " + ex + "; please report it");
            err.flush();
            return PublisherExit.INTERNAL_ERROR.code();
        });
        return cl.execute(args);
    }

    /** Without a subcommand: say what to type. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("flotilla-publisher: missing command; use one of: keygen, sign, verify"
                + " (e.g. 'flotilla-publisher keygen --out keys/')");
        spec.commandLine().getErr().flush();
        return PublisherExit.BAD_INPUT.code();
    }

    /** A problem with the command's input, already phrased for the user. */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }
}
