package org.flotilla.model.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The publisher keys a device trusts, by key id. Loaded from a PEM file of {@code PUBLIC KEY}
 * blocks or from a folder of {@code *.pem} / {@code *.pub} files (installed with the device's
 * configuration, never fetched from the coordinator).
 */
public final class TrustedKeys {

    /** Most files read from a trust folder. */
    public static final int MAX_FILES = 256;

    private final Map<KeyId, PublisherKey> keys;

    private TrustedKeys(Map<KeyId, PublisherKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    /** A set of the given keys; duplicates collapse. */
    public static TrustedKeys of(Collection<PublisherKey> keys) {
        Map<KeyId, PublisherKey> byId = new LinkedHashMap<>();
        for (PublisherKey k : keys) {
            PublisherKey previous = byId.putIfAbsent(k.id(), k);
            if (previous != null && !previous.equals(k)) {
                // Two different keys with one 64-bit id: possible only by a deliberate search; refuse both.
                throw new SigningException("two different trusted keys share the key id " + k.id());
            }
        }
        return new TrustedKeys(byId);
    }

    /** A set of the given keys. */
    public static TrustedKeys of(PublisherKey... keys) {
        return of(List.of(keys));
    }

    /** No key at all: every signature is untrusted. */
    public static TrustedKeys none() {
        return new TrustedKeys(Map.of());
    }

    /**
     * Loads a PEM file, or every {@code *.pem} and {@code *.pub} file of a folder (not recursively).
     *
     * @throws SigningException naming the file that cannot be read or holds something else
     */
    public static TrustedKeys load(Path fileOrFolder) {
        if (!Files.isDirectory(fileOrFolder)) {
            return of(PublisherKey.readPem(fileOrFolder));
        }
        List<PublisherKey> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(fileOrFolder)) {
            List<Path> pems = files.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".pem") || n.endsWith(".pub"));
            }).sorted().toList();
            if (pems.size() > MAX_FILES) {
                throw new SigningException(fileOrFolder + " holds " + pems.size() + " key files, more than " + MAX_FILES);
            }
            for (Path p : pems) {
                all.addAll(PublisherKey.readPem(p));
            }
        } catch (IOException e) {
            throw new SigningException(IoErrors.describe("list", fileOrFolder, e), e);
        }
        if (all.isEmpty()) {
            throw new SigningException(fileOrFolder + " holds no *.pem or *.pub public key file");
        }
        return of(all);
    }

    /** The trusted key with this id. */
    public Optional<PublisherKey> find(KeyId id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** The ids, in load order. */
    public List<KeyId> ids() {
        return List.copyOf(keys.keySet());
    }

    /** Number of keys. */
    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "TrustedKeys" + keys.keySet();
    }
}
