package org.flotilla.coordinator.job;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.flotilla.coordinator.bundle.PublisherSignatures;
import org.flotilla.coordinator.testset.EvaluationSpec;
import org.flotilla.model.protocol.ProtocolLimits;

/**
 * {@code POST /api/v1/jobs}: a federated training job. Give either {@code model} (a built-in
 * architecture) or {@code networkConfiguration} (raw DL4J JSON). Fields left out take the
 * coordinator's defaults ({@code flotilla.rounds.*}) or the documented ones.
 *
 * @param name                    a label, 1–200 characters
 * @param model                   a built-in architecture: {@code {"name":"mlp","params":{"hidden":[200,200]}}}
 * @param networkConfiguration    a DL4J {@code MultiLayerConfiguration} as JSON text
 * @param inputShape              one example's shape, e.g. {@code [1,28,28]} or {@code [60]}
 * @param numClasses              number of labels
 * @param localEpochs             local passes per round (default 1)
 * @param batchSize               local mini-batch size (default 32)
 * @param optimizer               client optimizer (default SGD, learning rate 0.05)
 * @param seed                    seed of the initial weights and of the round seeds (default 42)
 * @param strategy                {@code {"name":"fedavg", …settings}} (default FedAvg)
 * @param rounds                  rounds to run
 * @param clientsPerRound         updates wanted per round
 * @param minClients              quorum at the deadline
 * @param overSelection           over-selection factor
 * @param roundTimeoutSeconds     round deadline, from its opening
 * @param selectionTimeoutSeconds selection window, at most the round timeout
 * @param maxRoundRetries         retries of a round that missed its quorum
 * @param targetAccuracy          stop once server-side test accuracy reaches it (needs {@code evaluation})
 * @param evaluation              server-side evaluation set
 * @param federatedEvaluation     client-side evaluation rounds (none when left out)
 * @param secureAggregation       SecAgg+ settings ({@code threshold}, {@code neighbours},
 *                                {@code clipRange}, {@code quantizationBits}, {@code maxWeight}),
 *                                validated by {@link SecureAggregationRequest}; none when left out
 * @param differentialPrivacy     user-level differential privacy (none when left out)
 * @param bundle                  train and evaluate with an uploaded, signed code bundle instead of
 *                                the devices' built-in loop (docs/code-bundles.md); the plan fields
 *                                still describe the model
 * @param maxExamplesPerClient    the most training examples one client's update may claim, i.e. its
 *                                largest FedAvg weight (1 to 2^40); an update over it is refused 422
 *                                {@code EXAMPLES_OVER_CAP}. Default: only {@code flotilla.limits.examples-per-client}.
 *                                Under secure aggregation it also caps {@code secureAggregation.maxWeight}
 * @param planSignature           the publisher's signature of this request's plan as the coordinator
 *                                stores it (the {@code .sig} document of {@code ./flotilla sign} over
 *                                the bytes of {@code POST /api/v1/plans}), checked here against
 *                                {@code flotilla.bundles.publisher-keys} and relayed to devices with
 *                                the plan; devices with {@code require-signed-plans=true} need it
 */
public record JobRequest(
        @NotBlank @Size(max = 200) String name,
        @Valid ModelSpec model,
        @Size(max = 1_000_000) String networkConfiguration,
        @NotNull @Size(min = 1, max = 3) int[] inputShape,
        @NotNull @Min(2) @Max(100_000) Integer numClasses,
        @Min(1) @Max(100) Integer localEpochs,
        @Min(1) @Max(65_536) Integer batchSize,
        @Valid OptimizerSpec optimizer,
        Long seed,
        Map<String, Object> strategy,
        @NotNull @Min(1) @Max(100_000) Integer rounds,
        @Min(1) @Max(100_000) Integer clientsPerRound,
        @Min(1) @Max(100_000) Integer minClients,
        @DecimalMin("1.0") @DecimalMax("10.0") Double overSelection,
        @Min(1) @Max(604_800) Integer roundTimeoutSeconds,
        @Min(1) @Max(604_800) Integer selectionTimeoutSeconds,
        @Min(0) @Max(100) Integer maxRoundRetries,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double targetAccuracy,
        @Valid EvaluationSpec evaluation,
        @Valid FederatedEvaluationSpec federatedEvaluation,
        @Size(max = 5) Map<String, Object> secureAggregation,
        @Valid DifferentialPrivacySpec differentialPrivacy,
        @Valid BundleSpec bundle,
        @Min(1) @Max(ProtocolLimits.MAX_EXAMPLES) Long maxExamplesPerClient,
        @Valid SignatureSpec planSignature) {

    /** The seed when none is given, so that two identical requests build identical models. */
    public static final long DEFAULT_SEED = 42;

    /**
     * A built-in architecture.
     *
     * @param name   {@code logreg}, {@code mlp} or {@code cnn}
     * @param params architecture parameters, e.g. {@code {"hidden":[64]}}
     */
    public record ModelSpec(@NotBlank @Size(max = 40) String name, Map<String, Object> params) {
    }

    /**
     * Federated evaluation: after every {@code every}-th round and after the last, clients evaluate
     * the new global weights on their local held-out data. Fields left out take the defaults of
     * {@link JobPolicies#federatedEvaluationFor}.
     *
     * @param every           evaluate after rounds {@code every}, {@code 2·every}, … (default 1)
     * @param clientsPerRound results wanted (default: the job's {@code clientsPerRound})
     * @param minClients      results needed at the deadline (default: the job's {@code minClients},
     *                        at most {@code clientsPerRound})
     * @param timeoutSeconds  from the evaluation's opening to its deadline (default: the job's
     *                        {@code roundTimeoutSeconds})
     */
    public record FederatedEvaluationSpec(
            @Min(1) @Max(100_000) Integer every,
            @Min(1) @Max(100_000) Integer clientsPerRound,
            @Min(1) @Max(100_000) Integer minClients,
            @Min(1) @Max(604_800) Integer timeoutSeconds) {
    }

    /**
     * Differential privacy (DP-FedAvg with optional adaptive clipping, or local DP), resolved by
     * {@link PrivacyPolicies}; {@code docs/privacy.md} says how to choose the values. Give exactly one
     * of {@code noiseMultiplier} and {@code targetEpsilon}.
     *
     * @param mode             {@code central} (default) or {@code local}
     * @param samplingRate     q in (0, 1]: each enrolled client's probability of being in a round
     * @param noiseMultiplier  z in (0, 10000]
     * @param targetEpsilon    ε in (0, 1000] to reach after {@code rounds} rounds: z is calibrated
     *                         to it, and it is {@code maxEpsilon} unless that is given
     * @param clipNorm         C in (0, 10⁶]: fixed, or the first round's under adaptive clipping (default 0.1 there)
     * @param adaptiveClipping C follows a quantile of the update norms (central mode only)
     * @param delta            δ in (0, 1); default 1/N for the N clients enrolled at creation
     * @param maxEpsilon       ε in (0, 1000]: stop before the round that would exceed it
     * @param accountant       {@code rdp} (default) or {@code pld}
     */
    public record DifferentialPrivacySpec(
            @Pattern(regexp = "central|local") String mode,
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double samplingRate,
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("10000.0") Double noiseMultiplier,
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1000.0") Double targetEpsilon,
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1000000.0") Double clipNorm,
            @Valid AdaptiveClippingSpec adaptiveClipping,
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false) Double delta,
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1000.0") Double maxEpsilon,
            @Pattern(regexp = "rdp|pld") String accountant) {
    }

    /**
     * Adaptive clipping; fields left out take the defaults of Andrew et al. 2021.
     *
     * @param targetQuantile   γ in (0, 1), default 0.5
     * @param learningRate     η_C in (0, 10], default 0.2
     * @param countNoiseStddev σ_b in (0, 10⁹], default m/20 for m = qN expected clients; must exceed z/2
     */
    public record AdaptiveClippingSpec(
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false) Double targetQuantile,
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("10.0") Double learningRate,
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1000000000.0") Double countNoiseStddev) {
    }

    /**
     * A job's code bundle.
     *
     * @param sha256   an uploaded bundle ({@code POST /api/v1/bundles}) with a signature that
     *                 verifies under one of the coordinator's publisher keys
     * @param settings named numbers for the program ({@code Settings} of the SPI), at most 100
     */
    public record BundleSpec(@NotBlank @Size(max = 64) String sha256, @Size(max = 100) Map<String, Double> settings) {
    }

    /**
     * A publisher's detached signature document, inline: the members of the {@code .sig} file
     * (docs/code-bundles.md, "Signing").
     *
     * @param format    {@code flotilla-signature}
     * @param version   1
     * @param algorithm {@code Ed25519}
     * @param keyId     the signing key's id, 16 hex digits
     * @param sha256    the signed artifact's SHA-256: here the plan's
     * @param signature the Ed25519 signature, base64 of 64 bytes
     */
    public record SignatureSpec(@NotBlank @Size(max = 40) String format, @NotNull @Min(1) @Max(100) Integer version,
                                @NotBlank @Size(max = 20) String algorithm, @NotBlank @Size(max = 16) String keyId,
                                @NotBlank @Size(max = 64) String sha256, @NotBlank @Size(max = 200) String signature)
            implements PublisherSignatures.DetachedSignatureFields {
    }

    /**
     * The client optimizer.
     *
     * @param name         {@code sgd}, {@code momentum} or {@code adam}
     * @param learningRate step size in (0, 10]
     * @param momentum     for {@code momentum}, in [0, 1)
     */
    public record OptimizerSpec(
            @Size(max = 20) String name,
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("10.0") Double learningRate,
            @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double momentum) {
    }
}
