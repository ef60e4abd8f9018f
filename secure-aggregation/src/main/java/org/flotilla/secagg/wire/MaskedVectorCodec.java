package org.flotilla.secagg.wire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The binary format of a {@link MaskedInput}, version 1. Integers are big-endian, elements
 * little-endian in ⌈b/8⌉ bytes each:
 *
 * <pre>
 *   4  magic "FSMV"
 *   1  version (1)
 *   1  modulus bits b, 1..64
 *   2  reserved, 0
 *   2  round id length L (1..128), then L bytes of UTF-8
 *   2  client id length L (1..128), then L bytes of UTF-8
 *   4  element count N (d + 1: the weight, then d coordinates)
 *   N·⌈b/8⌉  elements, each below 2^b
 *   4  CRC32C of every byte before it
 * </pre>
 *
 * The reader is told the bits and the count it expects (the round's plan) and checks each
 * header field against them before it allocates the vector, so a hostile length costs nothing.
 */
public final class MaskedVectorCodec {

    static final byte[] MAGIC = {'F', 'S', 'M', 'V'};
    static final int VERSION = 1;
    static final int MAX_ID_BYTES = 128;
    private static final int CHUNK_ELEMENTS = 8192;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private MaskedVectorCodec() {
    }

    /** Exact encoded size of a masked input. */
    public static long encodedSize(String roundId, String clientId, int modulusBits, int elements) {
        return 4 + 1 + 1 + 2 + 2 + utf8(roundId).length + 2 + utf8(clientId).length + 4
                + (long) elements * bytesPerElement(modulusBits) + 4;
    }

    /** Encodes to bytes. */
    public static byte[] encode(MaskedInput input) {
        long size = encodedSize(input.roundId(), input.clientId(), input.modulusBits(), input.vector().length);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a masked input of " + size + " bytes does not fit one array");
        }
        byte[] out = new byte[(int) size];
        byte[] head = header(input);
        System.arraycopy(head, 0, out, 0, head.length);
        int end = pack(input, 0, input.vector().length, out, head.length);
        CRC32C crc = new CRC32C();
        crc.update(out, 0, end);
        INT_BE.set(out, end, (int) crc.getValue());
        return out;
    }

    /** Writes the encoding to {@code out}. */
    public static void write(MaskedInput input, OutputStream out) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] head = header(input);
        emit(out, crc, head, head.length);
        int width = bytesPerElement(input.modulusBits());
        byte[] chunk = new byte[CHUNK_ELEMENTS * width];
        int n = input.vector().length;
        for (int i = 0; i < n; i += CHUNK_ELEMENTS) {
            int end = Math.min(n, i + CHUNK_ELEMENTS);
            emit(out, crc, chunk, pack(input, i, end, chunk, 0));
        }
        ByteBuffer tail = ByteBuffer.allocate(4).putInt((int) crc.getValue());
        out.write(tail.array());
    }

    private static byte[] header(MaskedInput input) {
        byte[] round = utf8(input.roundId());
        byte[] client = utf8(input.clientId());
        ByteBuffer head = ByteBuffer.allocate(16 + round.length + client.length);
        head.put(MAGIC).put((byte) VERSION).put((byte) input.modulusBits()).putShort((short) 0);
        head.putShort((short) round.length).put(round).putShort((short) client.length).put(client);
        head.putInt(input.vector().length);
        return head.array();
    }

    /**
     * Writes elements {@code from} to {@code to} of the vector into {@code dst} at {@code pos},
     * ⌈b/8⌉ little-endian bytes each, and returns the position after them. Where eight bytes fit,
     * an element is stored as one little-endian long: its bytes above the width are zero (it is
     * below 2^b) and the next element overwrites them.
     */
    private static int pack(MaskedInput input, int from, int to, byte[] dst, int pos) {
        int bits = input.modulusBits();
        int width = bytesPerElement(bits);
        long limit = limit(bits);
        long[] v = input.vector();
        int fast = dst.length - Long.BYTES;
        for (int i = from; i < to; i++, pos += width) {
            long x = v[i];
            if (Long.compareUnsigned(x, limit) > 0) {
                throw new IllegalArgumentException("element " + i + " is not below 2^" + bits);
            }
            if (pos <= fast) {
                LONG_LE.set(dst, pos, x);
            } else {
                for (int b = 0; b < width; b++) {
                    dst[pos + b] = (byte) (x >>> (8 * b));
                }
            }
        }
        return pos;
    }

    /**
     * Reads one masked input of exactly {@code expectedBits} and {@code expectedElements};
     * anything else (wrong magic, version, lengths, element ≥ 2^b, checksum, trailing bytes) is
     * a {@link MessageFormatException} naming what was wrong.
     */
    public static MaskedInput read(InputStream in, int expectedBits, int expectedElements) throws IOException {
        DataInputStream data = new DataInputStream(in);
        CRC32C crc = new CRC32C();
        byte[] fixed = readExactly(data, crc, 8, "header");
        for (int i = 0; i < 4; i++) {
            if (fixed[i] != MAGIC[i]) {
                throw new MessageFormatException("magic", "\"FSMV\"");
            }
        }
        if (fixed[4] != VERSION) {
            throw new MessageFormatException("version", String.valueOf(VERSION));
        }
        int bits = fixed[5] & 0xff;
        if (bits != expectedBits) {
            throw new MessageFormatException("modulusBits", "the round's " + expectedBits);
        }
        if (fixed[6] != 0 || fixed[7] != 0) {
            throw new MessageFormatException("reserved", "0");
        }
        String roundId = readId(data, crc, "roundId");
        String clientId = readId(data, crc, "clientId");
        int count = ByteBuffer.wrap(readExactly(data, crc, 4, "element count")).getInt();
        if (count != expectedElements) {
            throw new MessageFormatException("elementCount", "the round's " + expectedElements);
        }
        int width = bytesPerElement(bits);
        long limit = limit(bits);
        long[] vector = new long[count];
        byte[] chunk = new byte[CHUNK_ELEMENTS * width];
        for (int i = 0; i < count; ) {
            int n = Math.min(CHUNK_ELEMENTS, count - i);
            readInto(data, chunk, n * width, "elements");
            crc.update(chunk, 0, n * width);
            int fast = chunk.length - Long.BYTES;
            long low = width == Long.BYTES ? -1L : (1L << (8 * width)) - 1;
            for (int k = 0; k < n; k++, i++) {
                long x = 0;
                int base = k * width;
                if (base <= fast) {
                    x = (long) LONG_LE.get(chunk, base) & low;
                } else {
                    for (int b = 0; b < width; b++) {
                        x |= (chunk[base + b] & 0xffL) << (8 * b);
                    }
                }
                if (Long.compareUnsigned(x, limit) > 0) {
                    throw new MessageFormatException("elements[" + i + "]", "below 2^" + bits);
                }
                vector[i] = x;
            }
        }
        int expectedCrc = (int) crc.getValue();
        byte[] tail = new byte[4];
        readInto(data, tail, 4, "checksum");
        if (ByteBuffer.wrap(tail).getInt() != expectedCrc) {
            throw new MessageFormatException("checksum", "the CRC32C of the preceding bytes");
        }
        if (data.read() != -1) {
            throw new MessageFormatException("message", "no longer than its declared elements and checksum");
        }
        return new MaskedInput(roundId, clientId, bits, vector);
    }

    /** Decodes from bytes. */
    public static MaskedInput decode(byte[] bytes, int expectedBits, int expectedElements) {
        try {
            return read(new java.io.ByteArrayInputStream(bytes), expectedBits, expectedElements);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readId(DataInputStream in, CRC32C crc, String field) throws IOException {
        int len = ByteBuffer.wrap(readExactly(in, crc, 2, field + " length")).getShort() & 0xffff;
        if (len < 1 || len > MAX_ID_BYTES) {
            throw new MessageFormatException(field, "1 to " + MAX_ID_BYTES + " bytes");
        }
        String id = new String(readExactly(in, crc, len, field), StandardCharsets.UTF_8);
        return Ids.check(field, id);
    }

    private static byte[] readExactly(DataInputStream in, CRC32C crc, int n, String what) throws IOException {
        byte[] b = new byte[n];
        readInto(in, b, n, what);
        crc.update(b, 0, n);
        return b;
    }

    private static void readInto(DataInputStream in, byte[] b, int n, String what) throws IOException {
        try {
            in.readFully(b, 0, n);
        } catch (EOFException e) {
            throw new MessageFormatException(what, "complete (the message ended early)");
        }
    }

    private static void emit(OutputStream out, CRC32C crc, byte[] b, int n) throws IOException {
        crc.update(b, 0, n);
        out.write(b, 0, n);
    }

    static int bytesPerElement(int bits) {
        return (bits + 7) / 8;
    }

    private static long limit(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
