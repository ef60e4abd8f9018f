package org.flotilla.edge.cli;

import java.util.concurrent.Callable;

import org.flotilla.edge.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edge-client version}: the version, build platform and Java runtime; loads no native code. */
@Command(name = "version", description = "Print the version, the platform it was built for and the Java runtime.")
public final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().printf("flotilla edge-client %s (built for %s; running on %s, Java %s)%n",
                Version.version(), Version.builtFor(), Version.runningOn(), Runtime.version().feature());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
