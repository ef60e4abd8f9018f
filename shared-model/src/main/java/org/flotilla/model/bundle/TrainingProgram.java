package org.flotilla.model.bundle;

/**
 * The training code a bundle ships: build a model, train it for one round from the global
 * parameters on the device's local data, evaluate parameters on the local held-out data.
 *
 * <p>One instance lives for one session of the child JVM (one job on one device), so a program may
 * keep its model, worker threads and buffers between calls; the host calls {@link #build} once,
 * then any number of {@link #train} and {@link #evaluate}, then {@link #close}. Calls come one at a
 * time from one thread. An exception from any method declines that round with the exception's
 * class and message; the session is then ended.
 *
 * <p>Parameters travel as flat float vectors (the {@code WeightsCodec} format). What a round returns
 * is the local model's parameters after training; the device itself forms the update (local −
 * global) and applies clipping or privacy noise, so a program cannot skip them.
 *
 * <p>Implementations need a public no-argument constructor; the manifest names the class.
 */
public interface TrainingProgram extends AutoCloseable {

    /**
     * Builds the model for this session and returns its initial parameters, seeded by
     * {@link ProgramContext#seed()}. Their count is the length of every parameter vector that later
     * calls receive and return.
     */
    ModelInfo build(ProgramContext context) throws Exception;

    /**
     * Trains one round from {@link TrainRequest#globalParameters()} on {@link ProgramContext#train()}
     * with {@link ProgramContext#workers()} worker threads. Should return promptly (at a batch
     * boundary) once {@link ProgramContext#stop()} is raised.
     */
    RoundResult train(ProgramContext context, TrainRequest request) throws Exception;

    /** Evaluates {@link EvalRequest#parameters()} on {@link ProgramContext#heldOut()}. */
    Evaluation evaluate(ProgramContext context, EvalRequest request) throws Exception;

    /** Frees what the program holds (worker threads, native buffers); the default does nothing. */
    @Override
    default void close() throws Exception {
    }
}
