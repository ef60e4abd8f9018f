package org.flotilla.operator;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;

import org.flotilla.operator.cli.Commands;
import org.flotilla.operator.cli.Io;

/** Entry point: {@code java -jar flotilla-operator.jar jobs list} (or the archive's {@code bin/flotilla-operator}). */
public final class OperatorMain {

    private OperatorMain() {
    }

    public static void main(String[] args) {
        Charset cs = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), false);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
        Io io = new Io(out, err, System.getenv(), Path.of(System.getProperty("user.home")), Clock.systemUTC(),
                Terminal.isInteractive());
        System.exit(Commands.run(io, args));
    }
}
