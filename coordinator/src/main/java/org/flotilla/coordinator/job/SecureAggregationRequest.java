package org.flotilla.coordinator.job;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.flotilla.coordinator.strategy.NormBound;
import org.flotilla.coordinator.strategy.Strategies;
import org.flotilla.coordinator.strategy.Strategy;
import org.flotilla.coordinator.strategy.StrategyProvider;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.model.json.WireJson;
import org.flotilla.secagg.InvalidParametersException;
import org.flotilla.secagg.RoundPlan;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.Violation;
import org.flotilla.secagg.wire.MessageFormatException;
import org.flotilla.secagg.wire.ParametersCodec;

/**
 * The job request's {@code secureAggregation} object: SecAgg+ (Bell, Bonawitz, Gascón, Lepoint,
 * Raykova, "Secure Single-Server Aggregation with (Poly)Logarithmic Overhead", CCS 2020) settings,
 * read and checked by the {@code secure-aggregation} library ({@link ParametersCodec},
 * {@link SecAggParameters#check}) so the coordinator and the protocol agree on every rule, and
 * checked against the rest of the job: the strategy must need only the weighted mean of the
 * updates ({@link Strategies#meanBased}), and a round of {@code clientsPerRound} participants must
 * be able to run ({@link RoundPlan#resolve}). Every refusal names the request field and its limit.
 *
 * <p>A job with valid parameters stores them; its rounds are then the four phases of the
 * coordinator's {@code secagg} package.
 */
final class SecureAggregationRequest {

    static final String FIELD = "secureAggregation";

    /** The registered strategies that need only the weighted mean, for the refusal's limit (also differential privacy's). */
    static final String MEAN_BASED = Strategies.providers().stream().map(StrategyProvider::name)
            .filter(name -> Strategies.meanBased(Strategies.create(name, Map.of())).isPresent())
            .collect(Collectors.joining(", "));

    private SecureAggregationRequest() {
    }

    /**
     * The parameters of a request's {@code secureAggregation} object.
     *
     * @throws Invalid naming the field ({@code secureAggregation.*}, {@code strategy.*} or
     *                 {@code clientsPerRound}) and its limit
     */
    static SecAggParameters parametersFor(Map<String, Object> settings, Strategy strategy, RoundPolicy policy,
                                          Long maxExamplesPerClient) {
        SecAggParameters parameters = capped(parse(settings), settings, maxExamplesPerClient);
        requireMeanBased(strategy);
        if (RoundPlan.resolve(parameters, policy.clientsPerRound()) instanceof RoundPlan.Result.Invalid(Violation v)) {
            String field = "participants".equals(v.field()) ? "clientsPerRound" : FIELD + "." + v.field();
            throw Invalid.field(field, v.limit(), "secure aggregation with " + policy.clientsPerRound()
                    + " clients per round: " + v.message());
        }
        return parameters;
    }

    /**
     * The job's examples cap applied to the weight cap W: the coordinator never sees a secure
     * client's example count, so the cap can only hold where the count is used — on the device,
     * which caps its weight at W before masking. An explicit {@code maxWeight} above the job's cap
     * is refused; a default one is lowered to it.
     */
    private static SecAggParameters capped(SecAggParameters p, Map<String, Object> settings, Long maxExamples) {
        if (maxExamples == null || p.maxWeight() <= maxExamples) {
            return p;
        }
        if (settings.containsKey("maxWeight")) {
            throw Invalid.field(FIELD + ".maxWeight", "at most maxExamplesPerClient (" + maxExamples + ")",
                    "secureAggregation.maxWeight " + p.maxWeight() + " exceeds the job's maxExamplesPerClient "
                            + maxExamples + "; a client's weight may not exceed its examples cap");
        }
        return new SecAggParameters(p.threshold(), p.neighbourhood(), p.clipRange(), p.quantizationBits(), maxExamples);
    }

    private static SecAggParameters parse(Map<String, Object> settings) {
        try {
            return ParametersCodec.fromJson(WireJson.write(settings));
        } catch (MessageFormatException e) {
            String field = e.field().startsWith(FIELD) ? e.field() : FIELD;
            throw Invalid.field(field, e.limit(), field + " must be " + e.limit());
        } catch (InvalidParametersException e) {
            List<Violation> violations = e.violations();
            Violation first = violations.getFirst();
            throw Invalid.field(FIELD + "." + first.field(), first.limit(),
                    violations.stream().map(Violation::message).collect(Collectors.joining("; ")));
        }
    }

    private static void requireMeanBased(Strategy strategy) {
        if (Strategies.meanBased(strategy).isPresent()) {
            return;
        }
        if (strategy instanceof NormBound bound && Strategies.meanBased(bound.inner()).isPresent()) {
            throw Invalid.field("strategy." + NormBound.KEY + ".policy", NormBound.Policy.CLIP.value(),
                    "a norm bound that rejects updates needs each client's update, which secure aggregation "
                            + "hides from the coordinator; use policy clip (the clients clip on the device)");
        }
        throw Invalid.field("strategy.name", "one of " + MEAN_BASED,
                "strategy " + strategy.name() + " needs each client's update, which secure aggregation hides "
                        + "from the coordinator; choose a strategy that needs only their weighted mean");
    }
}
