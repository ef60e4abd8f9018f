package org.flotilla.edge.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.WeightsCodec;

/**
 * The parameter files a session exchanges with its child, through a handle on the child's working
 * directory opened before the child started ({@link SecureDirectoryStream}: {@code openat} and
 * friends): files are created new ({@code O_EXCL}), never through a link, and the child's update is
 * opened read-write, so a FIFO put in its place cannot block the parent. Whatever the child does
 * to its folder — renaming it, replacing files with links — does not redirect the parent.
 */
final class SessionFiles implements AutoCloseable {

    private final SecureDirectoryStream<Path> dir;

    private SessionFiles(SecureDirectoryStream<Path> dir) {
        this.dir = dir;
    }

    /** A handle on {@code root}, or why there is none. */
    static Attempt<SessionFiles> open(Path root) {
        try {
            DirectoryStream<Path> ds = Files.newDirectoryStream(root);
            if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
                ds.close();
                return Attempt.failed(BundleFailure.of(BundleFailure.Kind.HOST_ERROR,
                        "this platform offers no secure directory handles"));
            }
            return Attempt.of(new SessionFiles(sds));
        } catch (IOException e) {
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.HOST_ERROR, "cannot open the child's folder: " + e));
        }
    }

    /** Writes a parameters file for the child (a new file: never an existing one, never through a link). */
    void writeWeights(String name, float[] values) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
        try (SeekableByteChannel ch = dir.newByteChannel(Path.of(name), options,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
             OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
            WeightsCodec.write(values, out);
        }
    }

    /**
     * Reads the parameters file the child wrote: exactly {@code count} parameters. Opened read-write
     * (so a FIFO in its place cannot block the parent) without following links, and its size is
     * checked before anything is read.
     *
     * @return the values, or the failure
     */
    Attempt<float[]> readWeights(String name, long count) {
        long expected = WeightsCodec.HEADER_BYTES + 4 * count + WeightsCodec.TRAILER_BYTES;
        Set<OpenOption> options = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try (SeekableByteChannel ch = dir.newByteChannel(Path.of(name), options)) {
            long size = ch.size();
            if (size > expected) {
                return Attempt.failed(BundleFailure.of(BundleFailure.Kind.OUTPUT_TOO_LARGE, "the update file has " + size + " bytes; "
                        + count + " parameters take " + expected));
            }
            if (size != expected) {
                return Attempt.failed(BundleFailure.of(shortKind(ch), "the update file has " + size + " bytes; " + count
                        + " parameters take " + expected));
            }
            ch.position(0);
            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
            return Attempt.of(WeightsCodec.read(in, count));
        } catch (NoSuchFileException e) {
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.BAD_OUTPUT, "the child wrote no update file"));
        } catch (CodecException e) {
            return Attempt.failed(BundleFailure.of(e.reason() == CodecException.Reason.WRONG_ELEMENT_COUNT
                    ? BundleFailure.Kind.WRONG_ELEMENT_COUNT : BundleFailure.Kind.BAD_OUTPUT,
                    "the update file is not valid: " + e.getMessage()));
        } catch (IOException e) {
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.BAD_OUTPUT, "the update file cannot be read: " + e));
        }
    }

    /** A short file whose header names another element count is a wrong count; anything else is bad output. */
    private static BundleFailure.Kind shortKind(SeekableByteChannel ch) throws IOException {
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(WeightsCodec.HEADER_BYTES);
        ch.position(0);
        while (head.hasRemaining() && ch.read(head) > 0) {
            // fill
        }
        if (head.hasRemaining()) {
            return BundleFailure.Kind.BAD_OUTPUT;
        }
        try {
            WeightsCodec.readHeader(head.array());
            return BundleFailure.Kind.WRONG_ELEMENT_COUNT;
        } catch (CodecException e) {
            return BundleFailure.Kind.BAD_OUTPUT;
        }
    }

    /** Removes a task's file (quietly). */
    void delete(String name) {
        try {
            dir.deleteFile(Path.of(name));
        } catch (IOException ignored) {
            // gone already, or the child replaced it with a folder; the session folder goes at the end
        }
    }

    @Override
    public void close() {
        try {
            dir.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
