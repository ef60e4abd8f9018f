package org.flotilla.secagg.client;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.flotilla.secagg.crypto.Shamir;
import org.flotilla.secagg.wire.SealedShare;

/**
 * The plaintext inside a {@link SealedShare}: the holder's x-coordinate, then its share of the
 * owner's self-mask seed and of the owner's mask private key. Who sent it to whom is bound by
 * the AEAD's associated data, not repeated here.
 */
record SharePlaintext(Shamir.Share selfMaskShare, Shamir.Share maskKeyShare) {

    SharePlaintext {
        if (selfMaskShare.x() != maskKeyShare.x()) {
            throw new IllegalArgumentException("both shares belong to one holder");
        }
    }

    byte[] encode() {
        return ByteBuffer.allocate(SealedShare.PLAINTEXT_BYTES).putInt(selfMaskShare.x())
                .put(selfMaskShare.y()).put(maskKeyShare.y()).array();
    }

    static Optional<SharePlaintext> decode(byte[] plain) {
        if (plain.length != SealedShare.PLAINTEXT_BYTES) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(plain);
        int x = b.getInt();
        byte[] yb = new byte[Shamir.SHARE_BYTES];
        byte[] ys = new byte[Shamir.SHARE_BYTES];
        b.get(yb).get(ys);
        try {
            return Optional.of(new SharePlaintext(new Shamir.Share(x, yb), new Shamir.Share(x, ys)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
