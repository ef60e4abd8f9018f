package org.flotilla.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.flotilla.model.json.WireJson;

/**
 * What a run needs to be resumed: its job, port and tokens ({@code demo.json}, owner-only).
 */
record DemoState(long jobId, int port, Map<String, String> tokens) {

    static final String FILE = "demo.json";

    static DemoState read(Path runDir) throws IOException {
        return WireJson.read(Files.readAllBytes(runDir.resolve(FILE)), DemoState.class);
    }

    static void write(Path runDir, DemoState state) throws IOException {
        Path tmp = runDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, WireJson.write(state));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on non-POSIX file systems
        }
        Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
