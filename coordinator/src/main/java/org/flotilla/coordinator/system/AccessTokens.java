package org.flotilla.coordinator.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The two bearer tokens: the operator's (admin) and the devices' enrolment token. Each comes from
 * configuration — at least {@value #MIN_CONFIGURED_LENGTH} characters, or the start is refused — or,
 * when blank there, from a file in the data directory that is created with a fresh 256-bit random
 * token and POSIX mode 0600 at first start: written to a temporary file, fsynced and linked into
 * place, so a crash or a second replica starting at the same moment never leaves a half-written or
 * a different token. The data directory is made 0700 first ({@link DataDirectory}). The file's path
 * is logged, never the token. Comparisons take constant time.
 */
@Component
public class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Shortest configured token accepted: a guessable token would defeat every other limit. */
    public static final int MIN_CONFIGURED_LENGTH = 32;

    private final byte[] admin;
    private final byte[] enrolment;

    public AccessTokens(FlotillaProperties properties) {
        DataDirectory.secure(properties.dataDir());
        this.admin = resolve("admin", properties.adminToken(), properties.dataDir().resolve("admin-token"));
        this.enrolment = resolve("enrolment", properties.enrolmentToken(), properties.dataDir().resolve("enrolment-token"));
        if (MessageDigest.isEqual(admin, enrolment)) {
            throw new IllegalStateException("the admin token and the enrolment token must differ");
        }
    }

    /** True when {@code token} is the admin token. */
    public boolean isAdmin(String token) {
        return matches(admin, token);
    }

    /** True when {@code token} is the enrolment token. */
    public boolean isEnrolment(String token) {
        return matches(enrolment, token);
    }

    /** A new URL-safe random secret of 256 bits. */
    public static String randomSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static boolean matches(byte[] expected, String token) {
        if (token == null) {
            return false;
        }
        // Comparing digests keeps the time independent of where the strings differ and of their lengths.
        return MessageDigest.isEqual(sha256(expected), sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resolve(String what, String configured, Path file) {
        if (configured != null && !configured.isBlank()) {
            String token = configured.strip();
            if (token.length() < MIN_CONFIGURED_LENGTH) {
                String key = what.equals("admin") ? "flotilla.admin-token (FLOTILLA_ADMIN_TOKEN)"
                        : "flotilla.enrolment-token (FLOTILLA_ENROLMENT_TOKEN)";
                throw new IllegalStateException(key + " is " + token.length() + " characters; it must be at least "
                        + MIN_CONFIGURED_LENGTH + " (e.g. `openssl rand -hex 32`), or leave it unset to have one generated");
            }
            log.info("Using the {} token from configuration", what);
            return token.getBytes(StandardCharsets.UTF_8);
        }
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                createSecretFile(file, randomSecret());
                log.info("Generated the {} token into {} (mode 0600)", what, file.toAbsolutePath());
            } else {
                log.info("Using the {} token from {}", what, file.toAbsolutePath());
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException(file + " is empty; delete it to generate a new " + what + " token");
            }
            return token.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the " + what + " token file " + file, e);
        }
    }

    /**
     * Writes the token to a private temporary file, fsyncs it and hard-links it to {@code file},
     * which fails if the file exists: the token file appears complete or not at all, and the first
     * of two racing processes wins (the other then reads the winner's token).
     */
    private static void createSecretFile(Path file, String token) throws IOException {
        Path dir = file.getParent();
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path tmp = posix ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                return; // another replica or process created it first; use theirs
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system can fsync a directory; the link itself is atomic
        }
    }
}
