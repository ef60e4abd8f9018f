package org.flotilla.edge.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.kernels.FastTrainer;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.network.Networks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on local data with N worker threads: each trains its own replica (a clone of
 * the global model) on its shard of every epoch, and the replicas' parameters (and optimizer
 * state) are averaged, weighted by the examples each processed, every
 * {@link TrainingOptions#averagingFrequency()} mini-batches, at every epoch end and at the end.
 * Replica 0 is the network itself, so with one worker there is no cloning and no averaging.
 *
 * <p>The loss is the plan's: the network comes from {@code Networks.build(plan)} with the plan's
 * optimizer; epochs, batch size and shuffling seed come from the options. A stop request ends
 * training at the next batch boundary and yields a result marked not completed.
 *
 * <p>A training step is {@link FastTrainer}'s when it accepts the network (plain SGD on the mlp and
 * cnn shapes; about 10× DL4J's speed, docs/performance.md) and DL4J's {@code fit} otherwise; each
 * round logs which, and why. When training ends, normally or not, every replica is closed: its
 * trainer's buffers and its cloned network are freed on its worker thread.
 */
public final class LocalTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);

    private LocalTrainer() {
    }

    /**
     * Trains {@code network} with a worker pool of its own (closed before returning).
     *
     * @see #train(WorkerPool, MultiLayerNetwork, LabeledDataset, TrainingOptions, StopSignal)
     */
    public static TrainingResult train(MultiLayerNetwork network, LabeledDataset data, TrainingOptions options,
                                       StopSignal stop) {
        try (WorkerPool pool = new WorkerPool(options.workers())) {
            return train(pool, network, data, options, stop);
        }
    }

    /**
     * Trains {@code network} (its parameters are the starting point and receive the result) on
     * {@code options.workers()} threads of {@code pool}. Replica 0 is {@code network} itself.
     *
     * @param data training examples; its {@code numClasses} must equal the network's outputs
     */
    public static TrainingResult train(WorkerPool pool, MultiLayerNetwork network, LabeledDataset data,
                                       TrainingOptions options, StopSignal stop) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        if (options.workers() > pool.size()) {
            throw new IllegalArgumentException(options.workers() + " workers asked of a pool of " + pool.size());
        }
        int n = Math.min(options.workers(), data.size());
        boolean fast = useFastTrainer(network, options, n);
        INDArray global = network.params().dup();
        List<Replica> replicas = new ArrayList<>(n);
        long examplesSeen = 0;
        int epochsDone = 0;
        int averagings = 0;
        double lastLossSum = 0;
        long lastExamples = 0;
        long lastCorrect = 0;
        long lastCounted = 0;
        long start;
        long end;
        try (BatchLoader loader = new BatchLoader(data, options.batchSize(), options.seed(), n, options.epochs(),
                options.prefetch())) {
            for (int i = 0; i < n; i++) {
                MultiLayerNetwork net = i == 0 ? network : network.clone();
                ProximalStep prox = options.fedproxMu() > 0
                        ? new ProximalStep(global, options.learningRate(), options.fedproxMu()) : null;
                replicas.add(new Replica(pool, i, net, i > 0, prox, options.batchSize(), fast));
            }
            loader.start();
            start = System.nanoTime();
            epochs:
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                boolean last = epoch == options.epochs() - 1;
                boolean[] ended = new boolean[n];
                int endedCount = 0;
                while (endedCount < n) {
                    List<Future<Replica.Period>> running = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        running.add(ended[i] ? null
                                : replicas.get(i).trainAsync(loader, options.averagingFrequency(), last, stop));
                    }
                    double[] weights = new double[n];
                    for (int i = 0; i < n; i++) {
                        if (running.get(i) == null) {
                            continue;
                        }
                        Replica.Period p = await(running.get(i));
                        weights[i] = p.examples();
                        examplesSeen += p.examples();
                        if (last) {
                            lastLossSum += p.lossSum();
                            lastExamples += p.examples();
                            lastCorrect += p.correct();
                            lastCounted += p.counted();
                        }
                        if (p.epochEnded()) {
                            ended[i] = true;
                            endedCount++;
                        }
                    }
                    if (n > 1 && ReplicaAveraging.average(networks(replicas), weights)) {
                        averagings++;
                    }
                    if (stop.isRequested()) {
                        break epochs;
                    }
                }
                epochsDone++;
            }
            end = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training was interrupted", e);
        } finally {
            replicas.forEach(Replica::close);
            global.close();
        }
        List<List<Interval>> intervals = replicas.stream().map(r -> r.recorder().intervals()).toList();
        ParallelismProfile profile = ThreadLevelParallelism.measure(
                intervals.stream().flatMap(List::stream).toList(), start, Math.max(end, start + 1));
        boolean completed = epochsDone == options.epochs() && !stop.isRequested();
        double accuracy;
        double loss = lastExamples == 0 ? Double.NaN : lastLossSum / lastExamples;
        if (lastCounted == lastExamples && lastExamples > 0) {
            accuracy = (double) lastCorrect / lastCounted;
        } else if (completed) {
            // The probe could not follow this network's shape: evaluate the final model instead.
            EvaluationResult r = Evaluator.evaluate(network, new LabeledDataSetIterator(data, 256, options.seed()));
            accuracy = r.accuracy();
        } else {
            accuracy = Double.NaN;
        }
        return new TrainingResult(Networks.parameters(network), completed, examplesSeen, epochsDone, loss, accuracy,
                end - start, n, averagings, profile, intervals, start, end);
    }

    /** Decides the round's training path and logs it, with the reason when it is DL4J's fit. */
    private static boolean useFastTrainer(MultiLayerNetwork network, TrainingOptions options, int workers) {
        String declined = options.fastTrainer() ? FastTrainer.unsupportedReason(network)
                : "turned off in the training options";
        if (declined == null) {
            LOG.info("local training: FastTrainer (plain-SGD kernels), {} worker(s), batch {}", workers,
                    options.batchSize());
        } else {
            LOG.info("local training: DL4J fit, {} worker(s), batch {} (FastTrainer not used: {})", workers,
                    options.batchSize(), declined);
        }
        return declined == null;
    }

    private static List<MultiLayerNetwork> networks(List<Replica> replicas) {
        return replicas.stream().map(Replica::network).toList();
    }

    private static <T> T await(Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a training worker failed: " + c, c);
        }
    }
}
