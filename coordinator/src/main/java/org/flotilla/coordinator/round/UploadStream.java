package org.flotilla.coordinator.round;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.codec.WeightsHeader;

/**
 * Streams an upload body into a file while hashing it, never holding more than a small buffer in
 * memory and never accepting more than the limit. With an {@code expectedCount} the 24-byte
 * header is checked first, so an update for the wrong model is refused before its payload is read.
 */
final class UploadStream {

    private static final int BUFFER = 64 * 1024;

    private UploadStream() {
    }

    /** A body received into {@code file}. */
    record Received(Path file, String sha256, long size) {
    }

    /** The body was longer than the configured limit. */
    static final class TooLarge extends Exception {
        final long received;

        TooLarge(long received) {
            super("more than the limit after " + received + " bytes");
            this.received = received;
        }
    }

    /**
     * Copies {@code in} to {@code file}.
     *
     * @param expectedCount the model's parameter count, or −1 to skip format checks (used for
     *                      comparing a repeated upload by hash)
     * @throws CodecException for a header that is not Flotilla weights of {@code expectedCount}
     *                        elements, or a body longer or shorter than its header declares
     */
    static Received receive(InputStream in, Path file, long limit, long expectedCount) throws IOException, TooLarge {
        MessageDigest sha = sha256();
        long total = 0;
        long expectedTotal = -1;
        byte[] buf = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(file)) {
            if (expectedCount >= 0) {
                byte[] header = in.readNBytes(WeightsCodec.HEADER_BYTES);
                total = header.length;
                if (header.length < WeightsCodec.HEADER_BYTES) {
                    throw new CodecException(CodecException.Reason.BAD_LENGTH, "the update is " + header.length
                            + " bytes, shorter than the " + WeightsCodec.HEADER_BYTES + "-byte header");
                }
                WeightsHeader h = WeightsCodec.readHeader(header);
                if (h.elementCount() != expectedCount) {
                    throw new CodecException(CodecException.Reason.WRONG_ELEMENT_COUNT, "the update has "
                            + h.elementCount() + " elements, the model has " + expectedCount);
                }
                expectedTotal = h.encodedLength();
                sha.update(header);
                out.write(header);
            }
            for (int r; (r = in.read(buf)) > 0; ) {
                total += r;
                if (total > limit) {
                    throw new TooLarge(total);
                }
                if (expectedTotal >= 0 && total > expectedTotal) {
                    throw new CodecException(CodecException.Reason.BAD_LENGTH, "the update is longer than the "
                            + expectedTotal + " bytes its header declares");
                }
                sha.update(buf, 0, r);
                out.write(buf, 0, r);
            }
        }
        if (expectedTotal >= 0 && total < expectedTotal) {
            throw new CodecException(CodecException.Reason.BAD_LENGTH, "the update ends after " + total
                    + " bytes; its header declares " + expectedTotal);
        }
        return new Received(file, HexFormat.of().formatHex(sha.digest()), total);
    }

    /**
     * The SHA-256 of at most {@code limit} bytes of {@code in}, stored nowhere (a repeat of an
     * accepted update); what is past the limit is not read, and the hash then cannot match.
     */
    static String digest(InputStream in, long limit) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[BUFFER];
        long total = 0;
        for (int r; total < limit && (r = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) > 0; ) {
            sha.update(buf, 0, r);
            total += r;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
