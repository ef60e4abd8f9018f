package org.flotilla.coordinator;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The direction of dependencies between the coordinator's packages, as drawn in
 * {@code docs/architecture.md}: no package loops, and no edge against the layering
 * {@code system} ← {@code strategy} ← {@code artifact, client, testset} ← {@code aggregation} ←
 * {@code job} ← {@code cohort, privacy} ← {@code round, evaluation} ← {@code secagg} ← {@code run, monitor, events, web}.
 * A failure names the classes and the offending import.
 */
class ArchitectureTest {

    private static final String ROOT = "org.flotilla.coordinator";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    private static void noDependency(String from, String... to) {
        String[] targets = new String[to.length];
        for (int i = 0; i < to.length; i++) {
            targets[i] = pkg(to[i]);
        }
        ArchRule rule = noClasses().that().resideInAPackage(pkg(from)).should().dependOnClassesThat()
                .resideInAnyPackage(targets).because("docs/architecture.md: " + from + " sits below " + String.join(", ", to));
        rule.check(classes);
    }

    @Test
    void theFeaturePackagesHaveNoLoops() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void systemAndStrategyDependOnNoFeature() {
        noDependency("system", "bundle", "strategy", "artifact", "client", "testset", "aggregation", "job", "cohort", "privacy",
                "round", "evaluation", "run", "monitor", "web");
        noDependency("strategy", "system", "artifact", "client", "testset", "aggregation", "job", "cohort", "privacy",
                "round", "evaluation", "run", "monitor", "web");
    }

    @Test
    void theCohortEngineKnowsNoKindAndNoJob() {
        noDependency("cohort", "job", "aggregation", "strategy", "round", "evaluation", "run", "monitor", "web",
                "artifact", "client", "testset", "privacy");
    }

    @Test
    void privacySitsBesideTheEngineBelowTheKinds() {
        noDependency("privacy", "cohort", "round", "evaluation", "secagg", "run", "monitor", "web", "testset");
    }

    @Test
    void kindsDoNotKnowEachOtherNorWhatRunsThem() {
        noDependency("round", "evaluation", "run", "monitor", "web");
        noDependency("evaluation", "round", "run", "monitor", "web", "aggregation", "artifact", "privacy");
    }

    @Test
    void jobsAndComputationSitBelowTheEngine() {
        noDependency("job", "cohort", "privacy", "round", "evaluation", "run", "monitor", "web", "aggregation");
        noDependency("aggregation", "job", "cohort", "privacy", "round", "evaluation", "run", "monitor", "web", "client");
        noDependency("artifact", "client", "testset", "aggregation", "job", "cohort", "privacy", "round", "evaluation",
                "run", "monitor", "web");
        noDependency("client", "artifact", "testset", "aggregation", "job", "cohort", "privacy", "round", "evaluation",
                "run", "monitor", "web");
        noDependency("testset", "artifact", "client", "aggregation", "job", "cohort", "privacy", "round", "evaluation",
                "run", "monitor", "web");
        noDependency("bundle", "client", "testset", "aggregation", "job", "cohort", "privacy", "round", "evaluation",
                "run", "monitor", "web", "strategy");
        noDependency("artifact", "bundle");
    }

    @Test
    void secureAggregationIsAKindBesideTheOthers() {
        // A secure round ends like a training round (its result, the job's new weights): secagg builds on round.
        noDependency("secagg", "evaluation", "run", "monitor", "web");
        noDependency("round", "secagg");
        noDependency("evaluation", "secagg");
        noDependency("cohort", "secagg");
        noDependency("job", "secagg");
    }

    @Test
    void nothingDependsOnTheTopLayer() {
        noDependency("run", "monitor", "web", "events");
        noDependency("monitor", "run", "web", "events");
        noDependency("web", "run", "monitor", "events");
        noDependency("events", "run", "monitor", "web");
        for (String below : new String[] {"system", "strategy", "artifact", "client", "testset", "aggregation", "job",
                "cohort", "privacy", "round", "evaluation", "secagg"}) {
            noDependency(below, "events");
        }
    }

    @Test
    void onlyControllersAndTheWebLayerSpeakHttpStatus() {
        noClasses().that().resideOutsideOfPackage(pkg("web"))
                .and().resideOutsideOfPackage(ROOT + ".system")
                .and().areNotAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.HttpStatus")
                .because("services return outcomes or throw domain exceptions; web.ProblemHandler maps them")
                .check(classes);
    }
}
