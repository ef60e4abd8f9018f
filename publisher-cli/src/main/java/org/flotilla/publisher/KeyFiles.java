package org.flotilla.publisher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writing the command's output files: complete or not at all, with the right mode. */
final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * Writes {@code content} to a new file {@code target} with {@code mode} (e.g. {@code rw-------}):
     * a temporary file is written and synced, then hard-linked to the target, which fails if the
     * target exists, so an existing key is never overwritten and a crash never leaves half a file.
     */
    static void createNew(Path target, byte[] content, String mode) throws IOException {
        Path tmp = write(target, content, mode);
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw new PublisherMain.BadInput(target + " already exists; choose another --out folder or --name,"
                    + " or remove it if you mean to replace that key");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code content} to {@code target}, replacing it atomically. */
    static void replace(Path target, byte[] content, String mode) throws IOException {
        Path tmp = write(target, content, mode);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path write(Path target, byte[] content, String mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
        return tmp;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
