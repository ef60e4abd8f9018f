/**
 * Multithreaded local training: {@link org.flotilla.edge.training.LocalTrainer} trains N replicas
 * of the global model on N shards of the local data in N worker threads (bounded platform
 * threads), fed by one prefetching loader thread, and averages the replicas' parameters every K
 * mini-batches, at every epoch end and at the end. A step is {@code FastTrainer}'s (shared-model's
 * plain-SGD kernels) when it accepts the plan, else DL4J's {@code fit}. It applies FedProx's
 * proximal step ({@link org.flotilla.edge.training.ProximalStep}) and measures the workers'
 * thread-level parallelism ({@link org.flotilla.edge.training.ThreadLevelParallelism}). The native
 * side is set up here too: which libnd4j build loads ({@link org.flotilla.edge.training.NativeBuild})
 * and one native thread per worker ({@link org.flotilla.edge.training.NativeThreads}).
 */
package org.flotilla.edge.training;
