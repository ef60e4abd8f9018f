package org.flotilla.edge.bundle;

import java.nio.file.Path;

/**
 * The files of one child session, all under its own working directory
 * ({@code <workRoot>/sessions/<id>/}): {@code session.json}, the copies of the bundle and the
 * training runtime it runs, {@code tmp/} (its {@code java.io.tmpdir}), {@code scratch/} (the
 * program's), the overlay's layers, and one folder per task with its weights files.
 */
record SessionLayout(Path root) {

    Path bundleJar() {
        return root.resolve("bundle.jar");
    }

    Path runtimeJar() {
        return root.resolve("training-runtime.jar");
    }

    Path tmp() {
        return root.resolve("tmp");
    }

    Path logConfig() {
        return root.resolve("logback.xml");
    }

    Path overlayUpper() {
        return root.resolve("overlay").resolve("upper");
    }

    Path overlayWork() {
        return root.resolve("overlay").resolve("work");
    }

    /** A task's folder name, relative to the working directory. */
    static String taskDir(String task) {
        return task;
    }
}
