package org.flotilla.operator.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.flotilla.operator.cli.Commands;
import org.flotilla.operator.cli.Io;

/** Runs the command line in this JVM with a given environment and home folder, capturing its output. */
public final class Cli {

    private final Map<String, String> env = new HashMap<>();
    private final Path home;

    public Cli(Path home) {
        this.home = home;
    }

    /** Sets an environment variable for the runs that follow. */
    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs {@code args}. */
    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Io io = new Io(new PrintWriter(out), new PrintWriter(err), env, home, Clock.systemUTC(), false);
        int code = Commands.run(io, args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * What a run printed and how it ended.
     *
     * @param exitCode the exit status
     * @param out      standard output
     * @param err      standard error
     */
    public record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
