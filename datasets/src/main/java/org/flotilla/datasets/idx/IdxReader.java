package org.flotilla.datasets.idx;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.flotilla.datasets.DataException;

/**
 * Reads IDX files, plain or gzip-compressed. Compression is recognised by the gzip magic number
 * ({@code 0x1f 0x8b}), not by the file name. Every structural problem — wrong magic, unknown
 * element type, no dimensions, a payload shorter or longer than the header declares — is reported
 * as a {@link DataException} whose message starts with the file and says exactly what is wrong.
 */
public final class IdxReader {

    /** Payloads are held in one byte array. */
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /**
     * Reads a whole IDX file.
     *
     * @throws DataException if the file is missing, unreadable, or not a well-formed IDX file
     */
    public static IdxArray read(Path file) {
        try (InputStream in = open(file)) {
            return parse(file, in);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": file not found");
        } catch (ZipException e) {
            throw new DataException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e + ")", e);
        }
    }

    /** Whether the file starts with the gzip magic number. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        return gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    private static IdxArray parse(Path file, InputStream in) throws IOException {
        byte[] magic = new byte[4];
        int got = readFully(in, magic);
        if (got == 0) {
            throw new DataException(file + ": empty file, expected an IDX header");
        }
        if (got < 4) {
            throw new DataException(file + ": truncated: the 4-byte IDX magic number is cut off after " + got + " bytes");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataException(String.format(
                    "%s: not an IDX file: bad magic number, the first two bytes are 0x%02X 0x%02X, expected 0x00 0x00",
                    file, magic[0] & 0xFF, magic[1] & 0xFF));
        }
        IdxType type = IdxType.ofCode(magic[2] & 0xFF).orElseThrow(() -> new DataException(String.format(
                "%s: unknown IDX element type 0x%02X (known: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int,"
                        + " 0x0D float, 0x0E double)", file, magic[2] & 0xFF)));
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw new DataException(file + ": IDX header declares 0 dimensions, expected at least 1");
        }
        int[] dims = readDims(file, in, rank);
        long payloadBytes = payloadBytes(file, type, dims);
        byte[] payload = new byte[(int) payloadBytes];
        int read;
        try {
            read = readFully(in, payload);
        } catch (EOFException e) {
            throw new DataException(file + ": truncated: the gzip stream ends before the " + payloadBytes
                    + " bytes of data that header " + IdxArray.describe(dims) + " declares", e);
        }
        String declared = "header declares " + IdxArray.describe(dims)
                + (type.size() == 1 ? "" : " x " + type.size() + "-byte " + type) + " = " + payloadBytes + " bytes of data";
        if (read < payloadBytes) {
            throw new DataException(file + ": truncated: " + declared + ", file has " + read);
        }
        long extra = countRemaining(in);
        if (extra > 0) {
            throw new DataException(file + ": trailing garbage: " + declared + ", file has "
                    + (payloadBytes + extra) + " (" + extra + " bytes too many)");
        }
        return new IdxArray(type, dims, payload);
    }

    private static int[] readDims(Path file, InputStream in, int rank) throws IOException {
        byte[] header = new byte[4 * rank];
        int got = readFully(in, header);
        if (got < header.length) {
            throw new DataException(file + ": truncated: the header declares " + rank
                    + " dimensions but the file ends inside the dimension sizes");
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = ((header[4 * i] & 0xFF) << 24) | ((header[4 * i + 1] & 0xFF) << 16)
                    | ((header[4 * i + 2] & 0xFF) << 8) | (header[4 * i + 3] & 0xFF);
            if (dims[i] < 0) {
                throw new DataException(file + ": dimension " + (i + 1) + " has the impossible size "
                        + Integer.toUnsignedString(dims[i]));
            }
        }
        return dims;
    }

    private static long payloadBytes(Path file, IdxType type, int[] dims) {
        long bytes = type.size();
        for (int d : dims) {
            bytes *= d;
            if (bytes > MAX_PAYLOAD) {
                throw new DataException(file + ": header declares " + IdxArray.describe(dims)
                        + " elements, more than the 2 GB this reader holds in memory; split the file");
            }
        }
        return bytes;
    }

    private static int readFully(InputStream in, byte[] target) throws IOException {
        int total = 0;
        while (total < target.length) {
            int n = in.read(target, total, target.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static long countRemaining(InputStream in) throws IOException {
        long total = 0;
        byte[] sink = new byte[8192];
        try {
            for (int n; (n = in.read(sink)) >= 0; ) {
                total += n;
            }
        } catch (EOFException e) {
            // A gzip stream with garbage after the data and a cut-off tail: there is extra data.
            total = Math.max(total, 1);
        }
        return total;
    }
}
