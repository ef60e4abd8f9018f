package org.flotilla.edge.config;

import java.util.Locale;

/**
 * The settings that may come from the command line ({@code --key}), the environment
 * ({@code FLOTILLA_KEY}) or the properties file ({@code key=}); documented in
 * {@code docs/edge-client.md} and {@code conf/edge-client.properties}.
 */
public enum Setting {
    COORDINATOR("coordinator", "the coordinator's base URL, e.g. https://fl.example.org; for replicas of one deployment a comma-separated list, tried in order"),
    ENROLMENT_TOKEN("enrolment-token", "token for the first enrolment (needed until identity.json exists)"),
    DATA("data", "local data: a client folder, an IDX folder, a .csv file or an image folder"),
    WORKERS("workers", "training worker threads (default: the CPU quota)"),
    STATE_DIR("state-dir", "state directory (default: $XDG_STATE_HOME/flotilla-edge or ~/.local/state/flotilla-edge)"),
    AVERAGING_FREQUENCY("averaging-frequency", "mini-batches between averagings of the workers' replicas (default 16)"),
    MAX_ROUNDS("max-rounds", "assignments to handle before exiting, 0 = no limit (default 0)"),
    NAME("name", "device name sent at enrolment (default: the host name)"),
    CHECK_IN_WAIT("check-in-wait", "long-poll seconds asked of the coordinator (default 25)"),
    HELD_OUT_FRACTION("held-out-fraction", "share held out for local evaluation when the data has no split (default 0.1)"),
    BACKOFF_INITIAL("backoff-initial", "first retry delay in seconds (default 1)"),
    BACKOFF_MAX("backoff-max", "largest retry delay in seconds (default 60)"),
    GIVE_UP_AFTER("give-up-after", "seconds to keep retrying an unreachable coordinator, 0 = forever (default 0; 300 with --once)"),
    TRUSTED_PUBLISHERS("trusted-publishers", "PEM file or folder of publisher public keys whose signed code bundles this device runs (default: none, bundles are declined)"),
    BUNDLE_DIR("bundle-dir", "folder for verified bundles and their child processes, outside the state directory (default: <state-dir>-bundles)"),
    BUNDLE_HEAP_MB("bundle-heap-mb", "heap and off-heap cap of a bundle's child JVM in MiB (default 1024)"),
    BUNDLE_ISOLATION("bundle-isolation", "required, best-effort or process-only: how strictly bundle children are confined (default best-effort)"),
    REQUIRE_SIGNED_PLANS("require-signed-plans", "true to use only training plans with a publisher signature that verifies under trusted-publishers (default false)"),
    CA_FILE("ca-file", "PEM file of CA certificates trusted for the coordinator's TLS certificate, besides the system trust store (default: none)"),
    ALLOW_INSECURE_HTTP("allow-insecure-http", "true to allow http:// to a coordinator that is not on this machine (default false: the secret would travel in clear)");

    private final String key;
    private final String description;

    Setting(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The key in the properties file and the long option name without {@code --}. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code FLOTILLA_STATE_DIR}. */
    public String envName() {
        return "FLOTILLA_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The command-line option, e.g. {@code --state-dir}. */
    public String option() {
        return "--" + key;
    }

    /** One line for the documentation and the template. */
    public String description() {
        return description;
    }

    /** The setting with this properties key, or null. */
    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
