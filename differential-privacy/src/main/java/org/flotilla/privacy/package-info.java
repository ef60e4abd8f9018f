/**
 * User-level differential privacy for federated learning, as a library the coordinator and the
 * edge client call: {@link org.flotilla.privacy.mechanism mechanisms} (clipping, Gaussian noise,
 * DP-FedAvg's noised mean, adaptive clipping, local DP), the {@link org.flotilla.privacy.sampling
 * client sampling} the analysis assumes, the {@link org.flotilla.privacy.accounting accountant}
 * (Rényi DP of the sampled Gaussian mechanism) and the planning command in
 * {@link org.flotilla.privacy.cli}. It depends on the JDK only and works on plain arrays, so
 * neither program's model types leak into it. The threat model and how to choose the parameters
 * are in {@code docs/privacy.md}.
 */
package org.flotilla.privacy;
