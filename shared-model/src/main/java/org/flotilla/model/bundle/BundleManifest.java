package org.flotilla.model.bundle;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bundle's manifest, {@value BundleSpi#MANIFEST_ENTRY} inside its jar:
 *
 * <pre>{"name":"fashion-mnist-augment","version":"1.0.0","entryClass":"org.example.MyProgram",
 *  "spiVersion":1,"resources":{"heapMegabytes":768,"workers":8}}</pre>
 *
 * <p>Devices read it only from a jar whose signature they verified, and check that they implement
 * {@code spiVersion} ({@link #requireSupportedSpi}) and can meet {@code resources}.
 *
 * @param name       1–64 characters: lowercase letters, digits, {@code . _ -}, starting with a letter or digit
 * @param version    1–32 characters: letters, digits, {@code . + _ -}, starting with a letter or digit
 * @param entryClass binary name of the public {@link TrainingProgram} class with a public no-argument
 *                   constructor, in a named package
 * @param spiVersion the {@link BundleSpi#VERSION} the bundle was written against
 * @param resources  what it needs from the device
 */
public record BundleManifest(String name, String version, String entryClass, int spiVersion, ResourceNeeds resources) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]{0,31}");
    private static final Pattern CLASS = Pattern.compile(
            "(?:[A-Za-z_$][A-Za-z0-9_$]*\\.)+[A-Za-z_$][A-Za-z0-9_$]*");
    private static final int MAX_CLASS_NAME = 256;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** Validates every field; see the record's documentation for the limits. */
    public BundleManifest {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ManifestException("name", "1-64 characters of a-z, 0-9, '.', '_', '-' starting with a letter or digit", name);
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new ManifestException("version", "1-32 characters of letters, digits, '.', '+', '_', '-'", version);
        }
        if (entryClass == null || entryClass.length() > MAX_CLASS_NAME || !CLASS.matcher(entryClass).matches()) {
            throw new ManifestException("entryClass", "the binary name of a class in a named package, e.g."
                    + " org.example.MyProgram", entryClass);
        }
        if (spiVersion < 1 || spiVersion > 1000) {
            throw new ManifestException("spiVersion", "a whole number from 1 (this build implements "
                    + BundleSpi.VERSION + ")", spiVersion);
        }
        if (resources == null) {
            throw new ManifestException("resources", "an object {\"heapMegabytes\": …, \"workers\": …}", null);
        }
    }

    /**
     * Parses a manifest document (at most {@link BundleSpi#MAX_MANIFEST_BYTES} bytes of UTF-8 JSON;
     * unknown fields are an error so that a typo does not pass silently).
     *
     * @throws ManifestException naming what is wrong
     */
    public static BundleManifest parse(byte[] json) {
        if (json.length > BundleSpi.MAX_MANIFEST_BYTES) {
            throw new ManifestException(null, "the manifest is " + json.length + " bytes, more than "
                    + BundleSpi.MAX_MANIFEST_BYTES);
        }
        try {
            return JSON.readValue(json, BundleManifest.class);
        } catch (JacksonException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof ManifestException m) {
                    throw m;
                }
            }
            throw new ManifestException(null, "not a manifest document: " + e.getOriginalMessage());
        }
    }

    /** This manifest as JSON (indented UTF-8, ending with a newline). */
    public byte[] toJson() {
        return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks that this build implements the bundle's SPI version.
     *
     * @throws ManifestException saying which version the bundle needs and which this build has
     */
    public BundleManifest requireSupportedSpi() {
        if (!BundleSpi.supports(spiVersion)) {
            throw new ManifestException("spiVersion", "the bundle implements SPI version " + spiVersion
                    + ", this device implements version " + BundleSpi.VERSION);
        }
        return this;
    }

    /** {@code name version}, e.g. for logs. */
    public String label() {
        return name + " " + version;
    }
}
