package org.flotilla.model.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.flotilla.model.codec.CodecException.Reason.BAD_LENGTH;
import static org.flotilla.model.codec.CodecException.Reason.WRONG_ELEMENT_COUNT;

/**
 * Reads weights messages that were verified in full when they were stored — SHA-256 trailer,
 * element count and finiteness checked by {@link WeightsCodec#read(Path, long)} on arrival, then
 * kept in a content-addressed store under the hash of their bytes, read-only and never changed.
 * Reading them again for aggregation therefore skips the two costs that dominate a verified read:
 * hashing the payload and scanning it for non-finite values. What stays is cheap and catches a
 * file that is not what the caller thinks it is: the header (magic, version, dtype, codec,
 * element count against the model's) and the total length (a truncated or padded file).
 *
 * <p>The payload goes through one reusable direct buffer per thread ({@link #CHUNK_FLOATS}
 * floats): a file channel reads into it without an intermediate copy, and each chunk is either
 * copied into the result ({@link #read}) or folded into an accumulator right away
 * ({@link #addScaled}), so folding an update allocates nothing and holds no update in memory.
 * Messages from a non-file store arrive through {@link #read(InputStream, long)}.
 *
 * <p>Never use this for bytes from the network: those go through {@link WeightsCodec}.
 */
public final class StoredWeights {

    /** Floats per chunk: 256 KiB, within a core's L2 cache together with the matching accumulator slice. */
    static final int CHUNK_FLOATS = 64 * 1024;

    private static final ThreadLocal<Chunk> CHUNKS = ThreadLocal.withInitial(Chunk::new);

    /** Receives the payload chunk by chunk, in order. */
    @FunctionalInterface
    private interface ChunkSink {
        void accept(float[] chunk, int start, int count);
    }

    private StoredWeights() {
    }

    /** The vector stored in {@code file}. */
    public static float[] read(Path file, long expectedCount) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch, ch.size(), expectedCount, file.getFileName().toString());
        }
    }

    /** The vector of a stored message read from a stream (a store that is not a file system); reads to its end. */
    public static float[] read(InputStream in, long expectedCount) throws IOException {
        return read(Channels.newChannel(in), -1, expectedCount, "stored weights");
    }

    /** {@code acc[i] += weight × v[i]} for the vector {@code v} stored in {@code file}, without materialising {@code v}. */
    public static void addScaled(Path file, long expectedCount, double[] acc, double weight) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            addScaled(ch, ch.size(), expectedCount, file.getFileName().toString(), acc, weight);
        }
    }

    /** As {@link #addScaled(Path, long, double[], double)}, from a stream; reads to its end. */
    public static void addScaled(InputStream in, long expectedCount, double[] acc, double weight) throws IOException {
        addScaled(Channels.newChannel(in), -1, expectedCount, "stored weights", acc, weight);
    }

    private static float[] read(ReadableByteChannel ch, long size, long expectedCount, String name) throws IOException {
        int count = header(ch, size, expectedCount, name);
        float[] values = new float[count];
        payload(ch, count, name, (chunk, start, n) -> System.arraycopy(chunk, 0, values, start, n));
        return values;
    }

    private static void addScaled(ReadableByteChannel ch, long size, long expectedCount, String name,
                                  double[] acc, double weight) throws IOException {
        int count = header(ch, size, expectedCount, name);
        if (acc.length != count) {
            throw new IllegalArgumentException("accumulator has " + acc.length + " entries, " + name + " " + count);
        }
        payload(ch, count, name, (chunk, start, n) -> {
            for (int j = 0; j < n; j++) {
                acc[start + j] += weight * chunk[j];
            }
        });
    }

    /** Reads and checks the header and, when the size is known, the total length; returns the element count. */
    private static int header(ReadableByteChannel ch, long size, long expectedCount, String name) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(WeightsCodec.HEADER_BYTES);
        fill(ch, head, name, "header");
        WeightsHeader header = WeightsCodec.readHeader(head.array());
        if (expectedCount >= 0 && header.elementCount() != expectedCount) {
            throw new CodecException(WRONG_ELEMENT_COUNT, name + ": weights have " + header.elementCount()
                    + " elements, the model has " + expectedCount);
        }
        if (size >= 0 && size != header.encodedLength()) {
            throw new CodecException(BAD_LENGTH, name + ": " + size + " bytes, its header declares "
                    + header.encodedLength());
        }
        return (int) header.elementCount();
    }

    /** Streams the payload through this thread's chunk, then consumes the trailer and checks that nothing follows. */
    private static void payload(ReadableByteChannel ch, int count, String name, ChunkSink sink) throws IOException {
        Chunk c = CHUNKS.get();
        for (int start = 0; start < count; start += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, count - start);
            c.bytes.clear().limit(4 * n);
            fill(ch, c.bytes, name, "payload");
            c.floats.clear();
            c.floats.get(c.values, 0, n);
            sink.accept(c.values, start, n);
        }
        c.bytes.clear().limit(WeightsCodec.TRAILER_BYTES);
        fill(ch, c.bytes, name, "checksum");
        c.bytes.clear().limit(1);
        if (ch.read(c.bytes) > 0) {
            throw new CodecException(BAD_LENGTH, name + ": bytes after the checksum");
        }
    }

    private static void fill(ReadableByteChannel ch, ByteBuffer into, String name, String what) throws IOException {
        while (into.hasRemaining()) {
            if (ch.read(into) < 0) {
                throw new CodecException(BAD_LENGTH, name + ": ends inside the " + what, new EOFException());
            }
        }
        into.flip();
    }

    /** One thread's buffers: the direct byte buffer a channel reads into, its float view and a heap copy. */
    private static final class Chunk {
        final ByteBuffer bytes = ByteBuffer.allocateDirect(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
        final FloatBuffer floats = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        final float[] values = new float[CHUNK_FLOATS];
    }
}
