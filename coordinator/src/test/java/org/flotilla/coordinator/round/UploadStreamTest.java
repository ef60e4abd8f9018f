package org.flotilla.coordinator.round;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadStreamTest {

    @TempDir
    Path dir;

    @Test
    void aWellFormedUpdateIsCopiedAndHashedOnTheWay() throws Exception {
        byte[] update = WeightsCodec.encode(new float[] {1, 2, 3});
        UploadStream.Received r = UploadStream.receive(new ByteArrayInputStream(update), dir.resolve("u"), 1000, 3);
        assertThat(r.size()).isEqualTo(update.length);
        assertThat(r.sha256()).isEqualTo(Sha256.of(update));
        assertThat(Files.readAllBytes(r.file())).isEqualTo(update);
    }

    @Test
    void theLimitIsEnforcedWhileStreamingWithoutAContentLength() {
        assertThatThrownBy(() -> UploadStream.receive(new ByteArrayInputStream(new byte[5000]), dir.resolve("u"), 1024, -1))
                .isInstanceOf(UploadStream.TooLarge.class);
    }

    @Test
    void anUpdateForAnotherModelIsRefusedFromItsHeader() {
        byte[] update = WeightsCodec.encode(new float[] {1, 2, 3});
        assertThatThrownBy(() -> UploadStream.receive(new ByteArrayInputStream(update), dir.resolve("u"), 1000, 4))
                .isInstanceOfSatisfying(CodecException.class,
                        e -> assertThat(e.reason()).isEqualTo(CodecException.Reason.WRONG_ELEMENT_COUNT));
    }

    @Test
    void bodiesLongerOrShorterThanTheirHeaderSaysAreRefused() {
        byte[] update = WeightsCodec.encode(new float[] {1, 2, 3});
        byte[] longer = java.util.Arrays.copyOf(update, update.length + 1);
        byte[] shorter = java.util.Arrays.copyOf(update, update.length - 1);
        byte[] tiny = java.util.Arrays.copyOf(update, 10);
        for (byte[] body : new byte[][] {longer, shorter, tiny}) {
            assertThatThrownBy(() -> UploadStream.receive(new ByteArrayInputStream(body), dir.resolve("u" + body.length), 1000, 3))
                    .isInstanceOfSatisfying(CodecException.class,
                            e -> assertThat(e.reason()).isEqualTo(CodecException.Reason.BAD_LENGTH));
        }
    }
}
