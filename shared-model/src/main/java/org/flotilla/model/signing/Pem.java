package org.flotilla.model.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text (RFC 7468): DER bytes in base64 between {@code -----BEGIN LABEL-----} and
 * {@code -----END LABEL-----} lines. Only the two labels Flotilla writes are read back, the
 * decoding is strict (no stray characters inside a block), and a file is bounded in size before
 * it is read.
 */
public final class Pem {

    /** Label of an X.509 SubjectPublicKeyInfo block. */
    public static final String PUBLIC_KEY = "PUBLIC KEY";
    /** Label of an unencrypted PKCS#8 PrivateKeyInfo block. */
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    /** Largest PEM file read: room for several hundred public keys in one trust file. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]{1,40})-----\\R([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ");

    private Pem() {
    }

    /** One PEM block: its label and the DER bytes it carries. */
    public record Block(String label, byte[] der) {

        public Block {
            der = der.clone();
        }

        @Override
        public byte[] der() {
            return der.clone();
        }
    }

    /** {@code der} as a PEM block, base64 in lines of 64 characters, ending with a newline. */
    public static String encode(String label, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append("-----END ").append(label).append("-----\n").toString();
    }

    /**
     * Every block of {@code text}, in order.
     *
     * @throws SigningException when a block is malformed or there is none
     */
    public static List<Block> decode(String text, String source) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        int begins = 0;
        for (Matcher b = BEGIN.matcher(text); b.find(); ) {
            begins++;
        }
        while (m.find()) {
            String body = m.group(2).replaceAll("\\s", "");
            try {
                blocks.add(new Block(m.group(1), Base64.getDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new SigningException(source + ": the " + m.group(1) + " block is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw new SigningException(source + " holds no PEM block (-----BEGIN " + PUBLIC_KEY + "----- …)");
        }
        if (blocks.size() != begins) {
            throw new SigningException(source + ": " + (begins - blocks.size()) + " of " + begins
                    + " PEM blocks are malformed (a BEGIN line without its matching END line, or stray characters)");
        }
        return blocks;
    }

    /** Reads a PEM file of at most {@link #MAX_FILE_BYTES} bytes and decodes it. */
    public static List<Block> read(Path file) {
        return decode(readText(file), file.toString());
    }

    static String readText(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new SigningException(file + " is larger than " + MAX_FILE_BYTES + " bytes; it is not a key file");
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SigningException(IoErrors.describe("read", file, e), e);
        }
    }
}
