package org.flotilla.model.plan;

import java.util.Locale;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The client-side optimizer of a plan.
 *
 * @param name         {@code sgd} (plain SGD, the FedAvg paper's choice), {@code momentum}
 *                     (Nesterov momentum) or {@code adam}
 * @param learningRate step size, in (0, 10]
 * @param momentum     momentum for {@code momentum}; ignored otherwise
 */
public record Optimizer(String name, double learningRate, double momentum) {

    /** Plain SGD with learning rate 0.05, the setting of Flotilla's reference benchmark. */
    public static final Optimizer DEFAULT = new Optimizer("sgd", 0.05, 0.0);

    public Optimizer {
        name = name == null ? "sgd" : name.toLowerCase(Locale.ROOT);
        if (!name.equals("sgd") && !name.equals("momentum") && !name.equals("adam")) {
            throw new PlanException("optimizer.name", "one of sgd, momentum, adam", name);
        }
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new PlanException("optimizer.learningRate", "in (0, 10]", learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new PlanException("optimizer.momentum", "in [0, 1)", momentum);
        }
    }

    /** A fresh DL4J updater for this optimizer. */
    public IUpdater toUpdater() {
        return switch (name) {
            case "momentum" -> new Nesterovs(learningRate, momentum);
            case "adam" -> new Adam(learningRate);
            default -> new Sgd(learningRate);
        };
    }
}
