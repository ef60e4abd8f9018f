package org.flotilla.bench.timetoaccuracy;

import java.util.List;
import java.util.Map;

/**
 * One benchmark workload.
 *
 * @param id        short name, e.g. {@code mlp-dirichlet}
 * @param model     built-in architecture
 * @param scheme    {@code iid} or {@code dirichlet}
 * @param alpha     Dirichlet concentration (ignored for iid)
 * @param rounds    rounds to run
 * @param threshold test accuracy whose time-to-reach is reported
 * @param strategy  strategy request ({@code name} plus settings)
 */
public record Workload(String id, String model, String scheme, double alpha, int rounds, double threshold,
                       Map<String, Object> strategy) {

    /** The workloads of the benchmark issue: Fashion-MNIST, 10 clients, E=1, B=32, SGD 0.05. */
    public static List<Workload> standard() {
        Map<String, Object> fedavg = Map.of("name", "fedavg");
        return List.of(
                new Workload("mlp-iid", "mlp", "iid", 0, 20, 0.82, fedavg),
                new Workload("mlp-dirichlet", "mlp", "dirichlet", 0.5, 20, 0.82, fedavg),
                new Workload("cnn-iid", "cnn", "iid", 0, 5, 0.80, fedavg),
                new Workload("cnn-dirichlet", "cnn", "dirichlet", 0.5, 5, 0.80, fedavg));
    }
}
