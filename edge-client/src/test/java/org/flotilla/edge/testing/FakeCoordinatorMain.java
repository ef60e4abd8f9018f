package org.flotilla.edge.testing;

import java.util.List;
import java.util.Map;

import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;

/**
 * Starts the fake coordinator from the command line, for trying an installed client without the
 * real one: {@code FakeCoordinatorMain <features> <classes> <rounds>} serves an MLP job and prints
 * its URL and the enrolment token; it exits when the job's rounds are done.
 */
public final class FakeCoordinatorMain {

    private FakeCoordinatorMain() {
    }

    public static void main(String[] args) throws Exception {
        int features = args.length > 0 ? Integer.parseInt(args[0]) : 784;
        int classes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        TrainingPlan plan = TrainingPlans.builtIn("mlp", Map.of("hidden", List.of(64)), new int[] {features}, classes,
                1, 32, new Optimizer("sgd", 0.05, 0), 1, Map.of());
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(plan, Networks.parameters(Networks.build(plan)), rounds, Map.of());
            System.out.println("fake coordinator at " + fake.uri() + ", enrolment token " + FakeCoordinator.ENROLMENT_TOKEN);
            while (fake.round() <= rounds) {
                Thread.sleep(200);
            }
            System.out.println("job done: " + fake.uploads().size() + " updates, declines " + fake.declines());
            fake.uploads().forEach(u -> System.out.println("  round " + u.round() + " from " + u.clientId() + ": "
                    + u.metrics()));
        }
    }
}
