package org.flotilla.operator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may touch outside itself: its output streams, the environment, the home folder,
 * the clock, and whether standard output is a terminal. Injected so tests run commands in-process.
 *
 * @param out         standard output
 * @param err         standard error
 * @param env         the environment variables
 * @param home        the user's home folder (for the default config file)
 * @param clock       for "last seen 4 s ago"
 * @param interactive whether {@code out} is a terminal
 */
public record Io(PrintWriter out, PrintWriter err, Map<String, String> env, Path home, Clock clock,
                 boolean interactive) {

    public Io {
        env = Map.copyOf(env);
    }
}
