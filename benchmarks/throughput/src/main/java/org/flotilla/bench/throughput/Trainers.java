package org.flotilla.bench.throughput;

import org.flotilla.model.plan.TrainingPlan;

/** Creates the trainer of a variant. */
final class Trainers {

    private Trainers() {
    }

    static Trainer create(Variant variant, TrainingPlan plan) {
        return switch (variant) {
            case DL4J, DL4J_NO_WORKSPACES, DL4J_NHWC -> new Dl4jTrainer(plan, variant);
            case SAMEDIFF -> new SameDiffTrainer(plan);
            case KERNELS -> new KernelTrainer(plan);
        };
    }
}
