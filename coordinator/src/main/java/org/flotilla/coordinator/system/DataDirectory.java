package org.flotilla.coordinator.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the database, every update and the generated tokens, so only the
 * coordinator's user may enter it: it is created with mode 0700, and an existing one that others
 * may read, write or enter is narrowed to 0700 (with one log line saying so).
 */
final class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDirectory() {
    }

    /** Creates {@code dir} (mode 0700) or narrows it to 0700; returns it. */
    static Path secure(Path dir) {
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix) {
                Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
                if (now.stream().anyMatch(OTHERS::contains)) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                    log.warn("The data directory {} was open to other users ({}); narrowed it to rwx------",
                            dir.toAbsolutePath(), PosixFilePermissions.toString(now));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or secure the data directory " + dir, e);
        }
    }
}
