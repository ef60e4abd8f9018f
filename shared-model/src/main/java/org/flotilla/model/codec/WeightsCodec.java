package org.flotilla.model.codec;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import static org.flotilla.model.codec.CodecException.Reason.*;

/**
 * Encodes and decodes parameter vectors (global weights and updates) in Flotilla's binary
 * format, version 1: {@code "FLTW"}, version, dtype, codec, element count, payload length,
 * payload, then the SHA-256 of everything before the trailer.
 *
 * <p>Decoding streams through the input once with a fixed buffer, so reading an update costs
 * memory for the resulting {@code float[]} only; that is what lets the coordinator aggregate
 * many updates in O(model) memory.
 */
public final class WeightsCodec {

    public static final byte[] MAGIC = {'F', 'L', 'T', 'W'};
    public static final int FORMAT_VERSION = 1;
    public static final int DTYPE_FLOAT32 = 1;
    public static final int CODEC_RAW_LE = 1;
    public static final int HEADER_BYTES = 24;
    public static final int TRAILER_BYTES = 32;
    /** Largest vector the format accepts in one message (2^31 − 1 floats would not fit an array anyway). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final int CHUNK_FLOATS = 16 * 1024;

    private WeightsCodec() {
    }

    /** Encodes {@code values} as float32, raw little-endian. Rejects non-finite values. */
    public static byte[] encode(float[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_BYTES + values.length * 4 + TRAILER_BYTES);
        try {
            write(values, out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream failed", e);
        }
        return out.toByteArray();
    }

    /** Writes {@code values} to {@code out} (not closed). Rejects non-finite values before writing anything. */
    public static void write(float[] values, OutputStream out) throws IOException {
        requireFinite(values);
        MessageDigest sha = sha256();
        DigestOutputStream digestOut = new DigestOutputStream(out, sha);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putShort((short) FORMAT_VERSION).put((byte) DTYPE_FLOAT32).put((byte) CODEC_RAW_LE)
                .putLong(values.length).putLong(4L * values.length);
        digestOut.write(header.array());
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
            int end = Math.min(values.length, start + CHUNK_FLOATS);
            chunk.clear();
            chunk.asFloatBuffer().put(values, start, end - start);
            digestOut.write(chunk.array(), 0, (end - start) * 4);
        }
        digestOut.flush();
        out.write(sha.digest());
    }

    /** Decodes a whole message held in memory. */
    public static float[] decode(byte[] encoded) {
        return decode(encoded, -1);
    }

    /**
     * Decodes a whole message held in memory and checks its element count.
     *
     * @param expectedCount the number of parameters the model has, or −1 to accept any
     */
    public static float[] decode(byte[] encoded, long expectedCount) {
        if (encoded.length < HEADER_BYTES + TRAILER_BYTES) {
            throw new CodecException(BAD_LENGTH, "encoded weights are " + encoded.length
                    + " bytes, shorter than the " + (HEADER_BYTES + TRAILER_BYTES) + "-byte header and checksum");
        }
        WeightsHeader header = readHeader(encoded);
        if (header.encodedLength() != encoded.length) {
            throw new CodecException(BAD_LENGTH, "header declares " + header.payloadLength()
                    + " payload bytes (" + header.encodedLength() + " in all), message has " + encoded.length);
        }
        try {
            return read(new java.io.ByteArrayInputStream(encoded), expectedCount);
        } catch (IOException e) {
            throw new CodecException(IO, "reading in-memory weights failed: " + e.getMessage(), e);
        }
    }

    /** Decodes a message stored in a file. */
    public static float[] read(Path file, long expectedCount) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            float[] values = read(in, expectedCount);
            long consumed = HEADER_BYTES + 4L * values.length + TRAILER_BYTES;
            if (consumed != size) {
                throw new CodecException(BAD_LENGTH, file.getFileName() + ": " + (size - consumed)
                        + " bytes after the checksum");
            }
            return values;
        }
    }

    /**
     * Decodes one message from a stream, verifying everything, and leaves the stream positioned
     * after the trailer.
     *
     * @param expectedCount the number of parameters the model has, or −1 to accept any
     */
    public static float[] read(InputStream in, long expectedCount) throws IOException {
        MessageDigest sha = sha256();
        DigestInputStream digestIn = new DigestInputStream(in, sha);
        byte[] headerBytes = readFully(digestIn, HEADER_BYTES, "header");
        WeightsHeader header = readHeader(headerBytes);
        if (expectedCount >= 0 && header.elementCount() != expectedCount) {
            throw new CodecException(WRONG_ELEMENT_COUNT, "weights have " + header.elementCount()
                    + " elements, the model has " + expectedCount);
        }
        float[] values = new float[(int) header.elementCount()];
        byte[] chunk = new byte[CHUNK_FLOATS * 4];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
            int count = Math.min(CHUNK_FLOATS, values.length - start);
            readFully(digestIn, chunk, count * 4, "payload");
            view.clear();
            view.asFloatBuffer().get(values, start, count);
        }
        byte[] expectedDigest = sha.digest();
        byte[] trailer = readFully(in, TRAILER_BYTES, "checksum");
        if (!MessageDigest.isEqual(expectedDigest, trailer)) {
            throw new CodecException(BAD_CHECKSUM, "SHA-256 checksum does not match the header and payload"
                    + " (the data was altered or truncated in transit)");
        }
        requireFinite(values);
        return values;
    }

    /** Parses and validates the 24-byte header at the start of {@code bytes}. */
    public static WeightsHeader readHeader(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw new CodecException(BAD_LENGTH, "header needs " + HEADER_BYTES + " bytes, got " + bytes.length);
        }
        if (!Arrays.equals(bytes, 0, 4, MAGIC, 0, 4)) {
            throw new CodecException(BAD_MAGIC, "not Flotilla weights: the first four bytes are not \"FLTW\"");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(4);
        int version = Short.toUnsignedInt(buf.getShort());
        int dtype = Byte.toUnsignedInt(buf.get());
        int codec = Byte.toUnsignedInt(buf.get());
        long count = buf.getLong();
        long payload = buf.getLong();
        if (version != FORMAT_VERSION) {
            throw new CodecException(UNSUPPORTED_VERSION, "weights format version " + version
                    + " is not supported; this build reads version " + FORMAT_VERSION);
        }
        if (dtype != DTYPE_FLOAT32) {
            throw new CodecException(UNSUPPORTED_DTYPE, "dtype code " + dtype + " is not supported (1 = float32)");
        }
        if (codec != CODEC_RAW_LE) {
            throw new CodecException(UNSUPPORTED_CODEC, "codec code " + codec + " is not supported (1 = raw little-endian)");
        }
        if (count < 0 || count > MAX_ELEMENTS) {
            throw new CodecException(BAD_LENGTH, "element count " + count + " is out of range (0.." + MAX_ELEMENTS + ")");
        }
        if (payload != 4 * count) {
            throw new CodecException(BAD_LENGTH, "payload length " + payload + " does not match "
                    + count + " float32 elements (" + 4 * count + " bytes)");
        }
        return new WeightsHeader(version, dtype, codec, count, payload);
    }

    private static void requireFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new CodecException(NON_FINITE, "element " + i + " is " + values[i]
                        + "; weights and updates must be finite");
            }
        }
    }

    private static byte[] readFully(InputStream in, int n, String what) throws IOException {
        byte[] bytes = new byte[n];
        readFully(in, bytes, n, what);
        return bytes;
    }

    private static void readFully(InputStream in, byte[] into, int n, String what) throws IOException {
        int off = 0;
        while (off < n) {
            int r = in.read(into, off, n - off);
            if (r < 0) {
                throw new CodecException(BAD_LENGTH, "message ends inside the " + what
                        + " (" + off + " of " + n + " bytes read)", new EOFException());
            }
            off += r;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
