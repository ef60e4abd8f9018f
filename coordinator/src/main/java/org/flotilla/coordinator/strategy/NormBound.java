package org.flotilla.coordinator.strategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.flotilla.model.protocol.ClientSetting;
import org.flotilla.model.wire.EvalResult;

/**
 * A bound on the L2 norm of client updates, around any strategy: a delta whose norm exceeds
 * {@code maxNorm} is either scaled down to {@code maxNorm} ({@link Policy#CLIP}) or left out of the
 * round ({@link Policy#REJECT}). Each such client appears in the outcome's {@code excluded} map
 * with its norm and what was done, e.g. {@code "norm 41.20 > 10: clipped"}. Norm bounding limits
 * how far one update can pull the model (Sun, Kairouz, Suresh, McMahan, "Can You Really Backdoor
 * Federated Learning?", 2019, use it against model replacement); clipping is also the first step
 * of differentially private FedAvg (McMahan, Ramage, Talwar, Zhang, "Learning Differentially
 * Private Recurrent Language Models", ICLR 2018), without the noise.
 *
 * <p>In a job request it is the nested object {@code normBound} of any strategy's settings, e.g.
 * {@code {"name":"fedavg","normBound":{"maxNorm":10,"policy":"clip"}}}; {@link Strategies#create}
 * applies it. {@link #name()} and {@link #settings()} report the wrapped strategy's name and its
 * settings plus {@code normBound}, so they recreate this strategy.
 *
 * <p>Memory adds one update to the wrapped strategy's. Clipping happens as the wrapped strategy
 * loads each update (no extra read); rejecting needs a first pass over the updates to measure their
 * norms, so each update is read once more.
 */
public final class NormBound implements Strategy {

    /** The settings key of the nested object. */
    public static final String KEY = "normBound";

    /** What to do with an update above the bound. */
    public enum Policy {
        /** Scale the delta to norm {@code maxNorm} and keep it. */
        CLIP,
        /** Leave the update out of the round. */
        REJECT;

        /** The name a job request uses. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final SettingSpec MAX_NORM = SettingSpec.number("maxNorm", null,
            "Largest allowed L2 norm of a client delta (required when normBound is given; no bound when absent)")
            .above(0);
    static final SettingSpec POLICY = SettingSpec.choice("policy", List.of("clip", "reject"),
            "clip: scale a larger delta down to maxNorm; reject: leave it out of the round");
    static final List<SettingSpec> SPECS = List.of(MAX_NORM, POLICY);
    private static final String FIELD = Settings.PREFIX + KEY + ".";

    /**
     * A delta a client scaled to {@code maxNorm} in float32 may measure a few ulps above it; such
     * a delta counts as within the bound rather than as clipped again.
     */
    private static final double CLIENT_ROUNDING = 1 + 1e-6;

    private final Strategy inner;
    private final double maxNorm;
    private final Policy policy;

    /** Bounds the update norms seen by {@code inner} to {@code maxNorm > 0}. */
    public NormBound(Strategy inner, double maxNorm, Policy policy) {
        if (inner == null || policy == null || !MAX_NORM.allows(maxNorm) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("need a strategy, a policy and a finite maxNorm > 0, got "
                    + inner + ", " + policy + ", " + maxNorm);
        }
        this.inner = inner;
        this.maxNorm = maxNorm;
        this.policy = policy;
    }

    /**
     * The provider {@code p} extended with the nested {@code normBound} setting: its settings list
     * gains {@code normBound.maxNorm} and {@code normBound.policy}, and {@code create} wraps the
     * strategy in a {@link NormBound} when the object is present.
     */
    static StrategyProvider boundable(StrategyProvider p) {
        return new Boundable(p);
    }

    private record Boundable(StrategyProvider inner) implements StrategyProvider {

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public List<SettingSpec> settings() {
            List<SettingSpec> all = new ArrayList<>(inner.settings());
            SPECS.forEach(s -> all.add(s.named(KEY + "." + s.name())));
            return List.copyOf(all);
        }

        @Override
        public Strategy create(Map<String, Object> settings) {
            Map<String, Object> bound = Settings.object(settings, KEY, "an object {maxNorm, policy}");
            if (bound == null) {
                return inner.create(settings);
            }
            Settings.requireOnly(bound, SPECS, FIELD);
            double maxNorm = Settings.number(bound, MAX_NORM, FIELD);
            Policy policy = Policy.valueOf(Settings.choice(bound, POLICY, FIELD).toUpperCase(Locale.ROOT));
            Map<String, Object> rest = new LinkedHashMap<>(settings);
            rest.remove(KEY);
            return new NormBound(inner.create(rest), maxNorm, policy);
        }
    }

    /** The wrapped strategy. */
    public Strategy inner() {
        return inner;
    }

    /** What happens to an update above the bound. */
    public Policy policy() {
        return policy;
    }

    @Override
    public boolean holdsEveryUpdate() {
        return inner.holdsEveryUpdate();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> all = new LinkedHashMap<>(inner.settings());
        all.put(KEY, Settings.values(MAX_NORM.name(), maxNorm, POLICY.name(), policy.value()));
        return Collections.unmodifiableMap(all);
    }

    /**
     * The wrapped strategy's client settings; with {@link Policy#CLIP} also {@code clipNorm}, so
     * that clients clip on the device (where it composes with secure aggregation and with
     * differential privacy); the server still clips what arrives above the bound.
     */
    @Override
    public Map<String, Double> configureClient(RoundContext round, String clientId) {
        Map<String, Double> settings = inner.configureClient(round, clientId);
        if (policy != Policy.CLIP) {
            return settings;
        }
        Map<String, Double> all = new LinkedHashMap<>(settings);
        all.put(ClientSetting.CLIP_NORM.key(), maxNorm);
        return Collections.unmodifiableMap(all);
    }

    /** The wrapped strategy's: the norm bound concerns updates, not evaluation results. */
    @Override
    public Optional<EvalResult> aggregateEvaluation(RoundContext round, Map<String, EvalResult> results) {
        return inner.aggregateEvaluation(round, results);
    }

    @Override
    public AggregationOutcome aggregate(RoundContext round, float[] global, UpdateSource updates, StrategyState state) {
        Map<String, String> bounded = new ConcurrentHashMap<>();
        UpdateSource seen = switch (policy) {
            case CLIP -> clipping(updates, bounded);
            case REJECT -> rejecting(updates, bounded);
        };
        if (seen.size() == 0 && updates.size() > 0) {
            return new AggregationOutcome.NoNewModel(String.format(Locale.ROOT,
                    "all %d updates rejected: L2 norm above maxNorm %s", updates.size(), format(maxNorm)));
        }
        AggregationOutcome outcome = inner.aggregate(round, global, seen, state);
        return switch (outcome) {
            case AggregationOutcome.NoNewModel no when policy == Policy.REJECT && !bounded.isEmpty() ->
                    new AggregationOutcome.NoNewModel(no.reason() + String.format(Locale.ROOT,
                            " (%d of %d updates rejected by the norm bound)", bounded.size(), updates.size()));
            case AggregationOutcome.NoNewModel no -> no;
            case AggregationOutcome.NewModel model -> new AggregationOutcome.NewModel(model.weights(), model.state(),
                    model.participants(), merge(updates.clientIds(), bounded, model.excluded()));
        };
    }

    /** Each update clipped as it is loaded; the clipped clients are recorded in {@code bounded}. */
    private UpdateSource clipping(UpdateSource updates, Map<String, String> bounded) {
        List<ClientUpdate> wrapped = new ArrayList<>(updates.size());
        for (ClientUpdate u : updates) {
            wrapped.add(new ClientUpdate(u.clientId(), u.examples(), u.metrics(), () -> {
                float[] d = u.delta();
                double norm = StrategyMath.l2Norm(d);
                if (norm > maxNorm * CLIENT_ROUNDING) {
                    StrategyMath.scaleInPlace(d, maxNorm / norm);
                    bounded.put(u.clientId(), reason(norm, "clipped"));
                }
                return d;
            }));
        }
        return UpdateSource.of(wrapped);
    }

    /** The updates within the bound, found by one pass that loads each update once. */
    private UpdateSource rejecting(UpdateSource updates, Map<String, String> bounded) {
        List<ClientUpdate> kept = new ArrayList<>(updates.size());
        for (ClientUpdate u : updates) {
            double norm = StrategyMath.l2Norm(u.delta());
            if (norm > maxNorm) {
                bounded.put(u.clientId(), reason(norm, "rejected"));
            } else {
                kept.add(u);
            }
        }
        return UpdateSource.of(kept);
    }

    private String reason(double norm, String action) {
        return String.format(Locale.ROOT, "norm %.4g > %s: %s", norm, format(maxNorm), action);
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The norm-bound reasons and the wrapped strategy's, in the source's client order. */
    private static Map<String, String> merge(List<String> order, Map<String, String> bounded, Map<String, String> inner) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : order) {
            String a = bounded.get(id);
            String b = inner.get(id);
            if (a != null || b != null) {
                out.put(id, a == null ? b : b == null ? a : a + "; " + b);
            }
        }
        inner.forEach(out::putIfAbsent);
        return out;
    }
}
