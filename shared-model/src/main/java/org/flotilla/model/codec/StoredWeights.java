package org.flotilla.model.codec;

import java.io.Closeable;
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
 * <p>A stored file or stream is read chunk by chunk ({@link #CHUNK_FLOATS} floats) through one
 * reusable direct buffer per thread into one reusable array per thread. Files are read, not
 * memory-mapped: a mapping stays in the process's resident set until the garbage collector
 * releases it, which after a round of 1,000 MLP updates was 0.8 GB of resident memory per round
 * not yet collected (benchmarks/RESULTS.md, "Coordinator load"); reading costs about 20 ms more
 * per 100 CNN-size updates than mapping did (the FedAvg micro-benchmark). Each chunk is either copied into the
 * result ({@link #read}) or folded into an accumulator right away ({@link Reader#addScaled}), so
 * folding an update allocates nothing on the heap and holds no update there.
 * A {@link Reader} folds consecutive coordinate ranges, so that many updates can be folded block by
 * block while the accumulator's block stays in cache. Messages from a store that is not a file
 * system arrive through the {@link InputStream} variants.
 *
 * <p>Never use this for bytes from the network: those go through {@link WeightsCodec}.
 */
public final class StoredWeights {

    /** Floats per chunk: 256 KiB. */
    static final int CHUNK_FLOATS = 64 * 1024;

    private static final ThreadLocal<Chunk> CHUNKS = ThreadLocal.withInitial(Chunk::new);

    /** Receives a range of the payload chunk by chunk, in order. */
    @FunctionalInterface
    private interface ChunkSink {
        void accept(float[] chunk, int start, int count);
    }

    private StoredWeights() {
    }

    /** The vector stored in {@code file}, which must have {@code expectedCount} elements (−1: any). */
    public static float[] read(Path file, long expectedCount) throws IOException {
        try (Reader r = open(file, expectedCount)) {
            return r.readAll();
        }
    }

    /** The vector of a stored message read from a stream (a store that is not a file system); reads to its end. */
    public static float[] read(InputStream in, long expectedCount) throws IOException {
        try (Reader r = open(in, expectedCount)) {
            return r.readAll();
        }
    }

    /** {@code acc[i] += weight × v[i]} for the vector {@code v} stored in {@code file}, without materialising {@code v}. */
    public static void addScaled(Path file, long expectedCount, double[] acc, double weight) throws IOException {
        try (Reader r = open(file, expectedCount)) {
            r.addScaled(acc, weight, 0, r.count());
        }
    }

    /**
     * Opens {@code file} and checks its header and length; the reader then serves the payload in
     * order, and holds the file open until it is closed.
     */
    public static Reader open(Path file, long expectedCount) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new CodecException(BAD_LENGTH, file.getFileName() + ": " + size + " bytes, more than a stored"
                        + " vector may have");
            }
            return new Reader(ch, size, expectedCount, file.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** As {@link #open(Path, long)}, for a message streamed from a store that is not a file system; closes {@code in}. */
    public static Reader open(InputStream in, long expectedCount) throws IOException {
        ReadableByteChannel ch = Channels.newChannel(in);
        try {
            return new Reader(ch, -1, expectedCount, "stored weights");
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * One stored message, open for reading its payload from the first element to the last, in
     * consecutive ranges. After the last element it consumes the trailer and checks that nothing
     * follows. Not thread-safe; use it on one thread.
     */
    public static final class Reader implements Closeable {

        private final ReadableByteChannel ch;
        private final String name;
        private final int count;
        private int next;

        /**
         * Header, payload and trailer are read in order, and the end is checked after the trailer;
         * {@code size} is the file's length, or −1 for a stream.
         */
        private Reader(ReadableByteChannel ch, long size, long expectedCount, String name) throws IOException {
            this.ch = ch;
            this.name = name;
            ByteBuffer head = ByteBuffer.allocate(WeightsCodec.HEADER_BYTES);
            fill(head, "header");
            this.count = checkedCount(WeightsCodec.readHeader(head.array()), size, expectedCount, name);
            if (count == 0) {
                finish();
            }
        }

        private static int checkedCount(WeightsHeader header, long size, long expectedCount, String name) {
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

        /** The number of elements. */
        public int count() {
            return count;
        }

        /**
         * {@code acc[i] += weight × v[i]} for {@code i} in {@code [from, to)}; {@code from} must be
         * where the previous range ended (0 at first) and {@code acc} as long as the vector.
         */
        public void addScaled(double[] acc, double weight, int from, int to) throws IOException {
            if (acc.length != count) {
                throw new IllegalArgumentException("accumulator has " + acc.length + " entries, " + name + " " + count);
            }
            consume(from, to, (chunk, start, n) -> {
                for (int j = 0; j < n; j++) {
                    acc[start + j] += weight * chunk[j];
                }
            });
        }

        /** The whole vector; only on a reader that has served nothing yet. */
        float[] readAll() throws IOException {
            float[] values = new float[count];
            consume(0, count, (chunk, start, n) -> System.arraycopy(chunk, 0, values, start, n));
            return values;
        }

        private void consume(int from, int to, ChunkSink sink) throws IOException {
            if (from != next || to < from || to > count) {
                throw new IllegalArgumentException("range [" + from + ", " + to + ") of " + name + ": the next range"
                        + " must start at " + next + " and end by " + count);
            }
            Chunk c = CHUNKS.get();
            for (int start = from; start < to; start += CHUNK_FLOATS) {
                int n = Math.min(CHUNK_FLOATS, to - start);
                c.bytes.clear().limit(4 * n);
                fill(c.bytes, "payload");
                c.floats.clear();
                c.floats.get(c.values, 0, n);
                sink.accept(c.values, start, n);
            }
            next = to;
            if (next == count && to > from) {
                finish();
            }
        }

        /** Consumes the trailer and checks that the message ends there. */
        private void finish() throws IOException {
            Chunk c = CHUNKS.get();
            c.bytes.clear().limit(WeightsCodec.TRAILER_BYTES);
            fill(c.bytes, "checksum");
            c.bytes.clear().limit(1);
            if (ch.read(c.bytes) > 0) {
                throw new CodecException(BAD_LENGTH, name + ": bytes after the checksum");
            }
        }

        private void fill(ByteBuffer into, String what) throws IOException {
            while (into.hasRemaining()) {
                if (ch.read(into) < 0) {
                    throw new CodecException(BAD_LENGTH, name + ": ends inside the " + what, new EOFException());
                }
            }
            into.flip();
        }

        /** Closes the file or stream. */
        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** One thread's buffers: the direct byte buffer a channel reads into, its float view and a heap copy. */
    private static final class Chunk {
        final ByteBuffer bytes = ByteBuffer.allocateDirect(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
        final FloatBuffer floats = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        final float[] values = new float[CHUNK_FLOATS];
    }
}
