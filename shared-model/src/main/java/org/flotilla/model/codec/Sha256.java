package org.flotilla.model.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 names of artifacts: lowercase hex, 64 characters. */
public final class Sha256 {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {
    }

    /** The hex SHA-256 of {@code bytes}. */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(WeightsCodec.sha256().digest(bytes));
    }

    /** The hex SHA-256 of a file's content, read in one pass. */
    public static String of(Path file) throws IOException {
        MessageDigest sha = WeightsCodec.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int r; (r = in.read(buf)) > 0; ) {
                sha.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** True when {@code s} is a well-formed artifact name (64 lowercase hex digits). */
    public static boolean isValid(String s) {
        return s != null && HEX64.matcher(s).matches();
    }
}
