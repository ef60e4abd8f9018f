package org.flotilla.model.network;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.constraint.MinMaxNormConstraint;
import org.deeplearning4j.nn.conf.constraint.NonNegativeConstraint;
import org.deeplearning4j.nn.conf.constraint.UnitNormConstraint;
import org.deeplearning4j.nn.conf.distribution.BinomialDistribution;
import org.deeplearning4j.nn.conf.distribution.ConstantDistribution;
import org.deeplearning4j.nn.conf.distribution.GaussianDistribution;
import org.deeplearning4j.nn.conf.distribution.LogNormalDistribution;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.distribution.OrthogonalDistribution;
import org.deeplearning4j.nn.conf.distribution.TruncatedNormalDistribution;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.dropout.AlphaDropout;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.flotilla.model.plan.PlanException;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.CycleSchedule;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.RampSchedule;
import org.nd4j.linalg.schedule.SigmoidSchedule;
import org.nd4j.linalg.schedule.StepSchedule;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The classes a plan's DL4J JSON may name, checked by walking the JSON tree before DL4J sees it.
 * DL4J deserialises its configurations polymorphically: an {@code "@class"} member (or an array
 * {@code ["class.Name", {…}]}, which Jackson also accepts for such types) names the Java class to
 * instantiate, so parsing a hostile plan would load, and run the constructors and setters of,
 * whatever class it names. Here every such name must be one of a fixed list — the layers Flotilla
 * supports and the activations, losses, updaters, schedules, weight initialisations,
 * distributions, dropouts, regularisations, constraints and pre-processors they use — before the
 * document goes anywhere near {@code MultiLayerConfiguration.fromJson}. The coordinator runs the
 * same check at job creation and the edge client before it builds an assignment's network.
 */
public final class PlanClasses {

    /** The member DL4J's JSON names a class in. */
    static final String CLASS_MEMBER = "@class";

    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");
    /** Duplicate members are refused: DL4J and this check could otherwise read different {@code @class} values. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();
    private static final Set<String> ALLOWED = allowed();

    private PlanClasses() {
    }

    /** The allowed class names, sorted (for the documentation and error messages). */
    public static Set<String> allowedNames() {
        return ALLOWED;
    }

    /**
     * Checks a DL4J configuration document.
     *
     * @throws PlanException naming {@code networkConfiguration} when the document is not a JSON
     *                       object or names a class outside the list
     */
    public static void check(String networkJson) {
        JsonNode root;
        try {
            root = JSON.readTree(networkJson);
        } catch (JacksonException e) {
            throw new PlanException("networkConfiguration", "networkConfiguration is not a DL4J MultiLayerConfiguration JSON document: "
                    + firstLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new PlanException("networkConfiguration", "networkConfiguration must be a JSON object"
                    + " (a DL4J MultiLayerConfiguration)");
        }
        // Breadth first and iterative: the first offending name in document order is reported (a layer
        // before its parts), and a deeply nested document cannot overflow the stack.
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.addLast(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pollFirst();
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    if (member.getKey().equalsIgnoreCase(CLASS_MEMBER)) {
                        requireAllowed(member.getValue().isString() ? member.getValue().asString() : member.getValue().toString());
                    } else if (member.getValue().isContainer()) {
                        pending.addLast(member.getValue());
                    }
                }
            } else if (node.isArray()) {
                if (node.size() == 2 && node.get(0).isString() && node.get(1).isContainer()
                        && CLASS_NAME.matcher(node.get(0).asString()).matches()) {
                    requireAllowed(node.get(0).asString());
                }
                for (JsonNode element : node) {
                    if (element.isContainer()) {
                        pending.addLast(element);
                    }
                }
            }
        }
    }

    private static void requireAllowed(String name) {
        if (!ALLOWED.contains(name)) {
            String shown = name.length() > 200 ? name.substring(0, 200) + "…" : name;
            throw new PlanException("networkConfiguration", "networkConfiguration names the class " + shown
                    + ", which plans may not use; allowed are the layers Dense, Output, Convolution, Subsampling,"
                    + " BatchNormalization, Dropout, Activation, GlobalPooling and DL4J's own activations, losses,"
                    + " updaters, schedules, weight initialisations, distributions, dropouts, regularisations,"
                    + " constraints and CNN pre-processors");
        }
    }

    private static Set<String> allowed() {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : new Class<?>[] {
                DenseLayer.class, OutputLayer.class, ConvolutionLayer.class, SubsamplingLayer.class,
                BatchNormalization.class, DropoutLayer.class, ActivationLayer.class, GlobalPoolingLayer.class,
                Sgd.class, Nesterovs.class, Adam.class, AdaGrad.class, AdaDelta.class, AdaMax.class, Nadam.class,
                AMSGrad.class, RmsProp.class, NoOp.class,
                ExponentialSchedule.class, InverseSchedule.class, MapSchedule.class, PolySchedule.class,
                SigmoidSchedule.class, StepSchedule.class, FixedSchedule.class, RampSchedule.class, CycleSchedule.class,
                NormalDistribution.class, UniformDistribution.class, TruncatedNormalDistribution.class,
                GaussianDistribution.class, BinomialDistribution.class, LogNormalDistribution.class,
                OrthogonalDistribution.class, ConstantDistribution.class,
                Dropout.class, AlphaDropout.class, GaussianDropout.class, GaussianNoise.class, SpatialDropout.class,
                L1Regularization.class, L2Regularization.class, WeightDecay.class,
                MaxNormConstraint.class, MinMaxNormConstraint.class, NonNegativeConstraint.class,
                UnitNormConstraint.class,
                CnnToFeedForwardPreProcessor.class, FeedForwardToCnnPreProcessor.class}) {
            names.add(c.getName());
        }
        // The implementations behind DL4J's own enums: every activation, loss and weight initialisation it names.
        for (Activation a : Activation.values()) {
            addQuietly(names, () -> a.getActivationFunction().getClass());
        }
        for (LossFunctions.LossFunction l : LossFunctions.LossFunction.values()) {
            addQuietly(names, () -> l.getILossFunction().getClass());
        }
        for (WeightInit w : WeightInit.values()) {
            addQuietly(names, () -> w.getWeightInitFunction().getClass());
        }
        return java.util.Collections.unmodifiableSet(names);
    }

    private static void addQuietly(Set<String> names, java.util.function.Supplier<Class<?>> type) {
        try {
            names.add(type.get().getName());
        } catch (RuntimeException unavailable) {
            // an enum value without a ready-made implementation (e.g. one that needs parameters)
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }
}
