package org.flotilla.model.wire;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Work for one client: which plan and weights to fetch (by SHA-256), by when to answer, and where
 * to send the answer. Sealed: a {@link Train} assignment is answered with an update and its
 * {@link UpdateMetrics}, an {@link Evaluate} assignment with an {@link EvalResult}; either may be
 * declined with a {@link DeclineRequest}. The phases of a secure-aggregation round are
 * {@link SecureAssignment}s. On the wire every kind is one JSON object whose {@code task} member
 * ({@link TaskKind}) says which. The member {@code bundle} is left out when null, so a plan-only
 * assignment is the JSON it always was.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "task")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Assignment.Train.class, name = "TRAIN"),
        @JsonSubTypes.Type(value = Assignment.Evaluate.class, name = "EVALUATE"),
        @JsonSubTypes.Type(value = SecureAssignment.Keys.class, name = "SECAGG_KEYS"),
        @JsonSubTypes.Type(value = SecureAssignment.Shares.class, name = "SECAGG_SHARES"),
        @JsonSubTypes.Type(value = SecureAssignment.Masked.class, name = "SECAGG_MASKED"),
        @JsonSubTypes.Type(value = SecureAssignment.Unmask.class, name = "SECAGG_UNMASK")})
public sealed interface Assignment permits Assignment.Train, Assignment.Evaluate, SecureAssignment {

    /** The job. */
    long jobId();

    /** The round: the one to train, or the one whose resulting weights to evaluate. */
    int round();

    /** What to do, as the wire's {@code task} member says it. */
    @JsonProperty("task")
    TaskKind task();

    /** The training plan artifact. */
    String planSha256();

    /** The global weights artifact to train from or to evaluate. */
    String weightsSha256();

    /** When the answer is due at the latest. */
    Instant deadline();

    /** Where the answer goes: the update ({@code PUT}) or the evaluation result ({@code POST}). */
    String uploadPath();

    /** Per-client settings a strategy chose (keys of {@code ClientSetting}); empty for evaluations. */
    Map<String, Double> settings();

    /**
     * The code bundle to train or evaluate with instead of the device's built-in loop, or null for
     * a declarative plan alone. A bundle job still has a plan: it describes the model's shape (the
     * data check, the parameter count, the coordinator's initial weights and server-side
     * evaluation); the bundle's program trains it.
     */
    BundleRef bundle();

    /**
     * The publisher's detached signature of the plan artifact ({@code .sig} of {@code ./flotilla
     * sign} over the plan JSON as stored), relayed by the coordinator, or null when the job's plan
     * is unsigned. A device with {@code require-signed-plans=true} verifies it against its own
     * trusted publisher keys before it uses the plan, and declines with {@code UNTRUSTED_CODE}
     * otherwise. Secure-aggregation phases carry none.
     */
    default String planSignatureSha256() {
        return null;
    }

    /**
     * Train on local data from {@code weightsSha256} and upload the delta to {@code uploadPath}.
     *
     * @param settings            per-client settings (e.g. {@code fedproxMu}, {@code clipNorm}) overriding the plan's
     * @param bundle              the code bundle to train with, or null
     * @param planSignatureSha256 the plan's publisher signature artifact, or null
     */
    record Train(long jobId, int round, String planSha256, String weightsSha256, Instant deadline, String uploadPath,
                 Map<String, Double> settings, @JsonInclude(JsonInclude.Include.NON_NULL) BundleRef bundle,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String planSignatureSha256)
            implements Assignment {

        public Train {
            settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
        }

        /** An assignment whose plan is unsigned. */
        public Train(long jobId, int round, String planSha256, String weightsSha256, Instant deadline, String uploadPath,
                     Map<String, Double> settings, BundleRef bundle) {
            this(jobId, round, planSha256, weightsSha256, deadline, uploadPath, settings, bundle, null);
        }

        /** A plan-only assignment. */
        public Train(long jobId, int round, String planSha256, String weightsSha256, Instant deadline, String uploadPath,
                     Map<String, Double> settings) {
            this(jobId, round, planSha256, weightsSha256, deadline, uploadPath, settings, null, null);
        }

        @Override
        public TaskKind task() {
            return TaskKind.TRAIN;
        }
    }

    /**
     * Evaluate the weights unchanged on the local held-out split and post the result to {@code uploadPath}.
     *
     * @param bundle              the code bundle to evaluate with, or null
     * @param planSignatureSha256 the plan's publisher signature artifact, or null
     */
    @JsonIgnoreProperties(value = {"settings"}, allowGetters = true)
    record Evaluate(long jobId, int round, String planSha256, String weightsSha256, Instant deadline,
                    String uploadPath, @JsonInclude(JsonInclude.Include.NON_NULL) BundleRef bundle,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String planSignatureSha256)
            implements Assignment {

        /** An evaluation whose plan is unsigned. */
        public Evaluate(long jobId, int round, String planSha256, String weightsSha256, Instant deadline,
                        String uploadPath, BundleRef bundle) {
            this(jobId, round, planSha256, weightsSha256, deadline, uploadPath, bundle, null);
        }

        /** A plan-only evaluation. */
        public Evaluate(long jobId, int round, String planSha256, String weightsSha256, Instant deadline,
                        String uploadPath) {
            this(jobId, round, planSha256, weightsSha256, deadline, uploadPath, null, null);
        }

        @Override
        public TaskKind task() {
            return TaskKind.EVALUATE;
        }

        @Override
        @JsonProperty("settings")
        public Map<String, Double> settings() {
            return Map.of();
        }
    }
}
