package org.flotilla.model.network;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.PlanException;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A plan's DL4J JSON may name only the listed classes, and the check runs before DL4J reads the
 * document: a class outside the list is never loaded, let alone instantiated.
 */
class PlanClassesTest {

    /** Set by the static initialisers below; kept here, so that reading them initialises nothing. */
    static volatile boolean tripwireInitialised;
    static volatile boolean probeInitialised;

    /** A class whose loading is visible: a hostile plan would name something like it. */
    public static final class Tripwire {
        static {
            tripwireInitialised = true;
        }
    }

    private static String mlpJson() {
        return plan("mlp", Optimizer.DEFAULT).networkConfiguration();
    }

    private static TrainingPlan plan(String name, Optimizer optimizer) {
        return TrainingPlans.builtIn(name, Map.of(), new int[] {1, 28, 28}, 10, 1, 32, optimizer, 42, Map.of());
    }

    @Test
    void everyBuiltInPlanPassesWithEveryOptimizer() {
        for (String name : List.of("logreg", "mlp", "cnn")) {
            for (Optimizer o : List.of(Optimizer.DEFAULT, new Optimizer("momentum", 0.05, 0.9), new Optimizer("adam", 0.001, 0))) {
                assertThatCode(() -> PlanClasses.check(plan(name, o).networkConfiguration())).as(name + " " + o)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void aClassOutsideTheListIsRefusedBeforeDl4jLoadsIt() {
        String hostile = mlpJson().replaceFirst("org\\.nd4j\\.linalg\\.activations\\.impl\\.ActivationReLU",
                java.util.regex.Matcher.quoteReplacement(Tripwire.class.getName()));
        TrainingPlan plan = TrainingPlans.custom(hostile, new int[] {1, 28, 28}, 10, 1, 32, Optimizer.DEFAULT, 42, Map.of());

        assertThatThrownBy(() -> Networks.build(plan)).isInstanceOf(PlanException.class)
                .hasMessageContaining(Tripwire.class.getName()).hasMessageContaining("may not use")
                .satisfies(e -> assertThat(((PlanException) e).field()).isEqualTo("networkConfiguration"));
        assertThat(tripwireInitialised).as("the named class was never initialised").isFalse();
    }

    @Test
    void withoutTheCheckDl4jWouldLoadWhateverThePlanNames() {
        // Why the check exists: DL4J resolves "@class" to a class and loads it while parsing.
        String hostile = mlpJson().replaceFirst("org\\.nd4j\\.linalg\\.activations\\.impl\\.ActivationReLU",
                java.util.regex.Matcher.quoteReplacement(Probe.class.getName()));
        assertThatThrownBy(() -> MultiLayerConfiguration.fromJson(hostile)).isInstanceOf(RuntimeException.class);
        assertThat(probeInitialised).as("DL4J loaded the class the JSON named").isTrue();
    }

    /** Loaded by DL4J in the test above (not by the checked path). */
    public static final class Probe {
        static {
            probeInitialised = true;
        }
    }

    @Test
    void theArrayFormOfATypeIdIsCheckedToo() {
        String hostile = mlpJson().replaceFirst("\"iupdater\" : \\{", "\"iupdater\" : [ \"java.lang.ProcessBuilder\", {");
        assertThatThrownBy(() -> PlanClasses.check(hostile.replaceFirst("\"learningRate\" : 0.05\\s*}", "\"learningRate\" : 0.05 } ]")))
                .isInstanceOf(PlanException.class).hasMessageContaining("java.lang.ProcessBuilder");
    }

    @Test
    void duplicateMembersAndOtherSpellingsOfTheClassMemberAreRefused() {
        String duplicate = mlpJson().replaceFirst("\"@class\" : \"org\\.nd4j\\.linalg\\.activations\\.impl\\.ActivationReLU\"",
                "\"@class\" : \"org.nd4j.linalg.activations.impl.ActivationReLU\", \"@class\" : \"java.lang.Thread\"");
        assertThatThrownBy(() -> PlanClasses.check(duplicate)).isInstanceOf(PlanException.class)
                .hasMessageContaining("not a DL4J MultiLayerConfiguration JSON document");
        String upperCase = mlpJson().replaceFirst("\"@class\" : \"org\\.nd4j\\.linalg\\.activations\\.impl\\.ActivationReLU\"",
                "\"@CLASS\" : \"java.lang.Thread\"");
        assertThatThrownBy(() -> PlanClasses.check(upperCase)).isInstanceOf(PlanException.class)
                .hasMessageContaining("java.lang.Thread");
    }

    @Test
    void aDeeplyNestedDocumentIsRefusedWithoutExhaustingTheStack() {
        String deep = "{\"confs\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> PlanClasses.check(deep)).isInstanceOf(PlanException.class);
        assertThatThrownBy(() -> PlanClasses.check("[1, 2]")).isInstanceOf(PlanException.class)
                .hasMessageContaining("JSON object");
    }
}
