package org.flotilla.datasets.idx;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files, optionally gzip-compressed, in the format {@link IdxReader} reads. The file is
 * written in place; callers that need atomicity (the partition CLI) write to a temporary name and
 * rename.
 */
public final class IdxWriter {

    private IdxWriter() {
    }

    /**
     * Writes {@code array} to {@code file}, replacing it.
     *
     * @param gzip whether to compress the whole file with gzip
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path file, IdxArray array, boolean gzip) {
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw) {
            write(out, array);
        } catch (IOException e) {
            String reason = e instanceof NoSuchFileException ? "its folder does not exist" : e.toString();
            throw new UncheckedIOException("cannot write " + file + ": " + reason, e);
        }
    }

    /** Writes {@code array} as IDX to a stream, without closing it. */
    public static void write(OutputStream out, IdxArray array) throws IOException {
        int[] dims = array.dims();
        if (dims.length == 0 || dims.length > 255) {
            throw new IllegalArgumentException("IDX needs 1..255 dimensions, got " + dims.length);
        }
        byte[] header = new byte[4 + 4 * dims.length];
        header[2] = (byte) array.type().code();
        header[3] = (byte) dims.length;
        for (int i = 0; i < dims.length; i++) {
            header[4 + 4 * i] = (byte) (dims[i] >>> 24);
            header[5 + 4 * i] = (byte) (dims[i] >>> 16);
            header[6 + 4 * i] = (byte) (dims[i] >>> 8);
            header[7 + 4 * i] = (byte) dims[i];
        }
        out.write(header);
        out.write(array.payload());
    }
}
