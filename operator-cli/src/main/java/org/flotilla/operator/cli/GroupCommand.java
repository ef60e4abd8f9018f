package org.flotilla.operator.cli;

import java.util.concurrent.Callable;

import org.flotilla.operator.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups others ({@code jobs}, {@code rounds} …): alone, it prints its usage and exits 2. */
abstract class GroupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }
}
