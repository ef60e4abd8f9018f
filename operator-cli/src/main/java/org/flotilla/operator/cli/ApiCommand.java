package org.flotilla.operator.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.api.ApiResponse;
import org.flotilla.operator.api.CoordinatorApi;
import org.flotilla.operator.api.Json;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A leaf command that calls the coordinator: reaches the global options and the output. */
abstract class ApiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private OperatorCommand root() {
        return (OperatorCommand) spec.root().userObject();
    }

    Io io() {
        return root().io();
    }

    PrintWriter out() {
        return io().out();
    }

    boolean json() {
        return root().json();
    }

    CoordinatorApi api() {
        return root().api();
    }

    /** Prints an answer as sent (indented) for {@code --json}. */
    void printJson(ApiResponse r) {
        out().println(r.json() == null ? r.body() : Json.pretty(r.json()));
    }

    @Override
    public final Integer call() {
        ExitCode code = run();
        out().flush();
        return code.code();
    }

    /** Does the command's work. */
    abstract ExitCode run();
}
