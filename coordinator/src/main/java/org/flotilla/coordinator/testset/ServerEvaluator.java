package org.flotilla.coordinator.testset;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.coordinator.system.TensorPool;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.kernels.FastForward;
import org.flotilla.kernels.NativeThreadLimit;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.springframework.stereotype.Component;

/**
 * Evaluates global weights on a job's server-side evaluation set. Tensor-pool threads only. The
 * forward pass is the training kernels' ({@link FastForward}, the device's held-out path, with
 * oneDNN's convolutions) when it takes the plan's network, else DL4J's {@code output}. Each pool
 * thread keeps the network (and its forward buffers) of the last plan it evaluated, so a job's
 * rounds build them once; native code runs on {@link #NATIVE_THREADS} thread per pool thread, so
 * the pool's size bounds the cores evaluation takes.
 */
@Component
public class ServerEvaluator {

    /** Examples per forward pass (the forward buffers of the cnn at this size: about 24 MB). */
    private static final int BATCH = 128;
    /** OpenMP (oneDNN) and OpenBLAS threads per tensor-pool thread while evaluating. */
    static final int NATIVE_THREADS = 1;

    /** The network of the last plan this thread evaluated, and its forward pass (null: DL4J's). */
    private record Prepared(String plan, MultiLayerNetwork network, FastForward fast) {

        /** Frees the forward buffers at once; the network's own memory goes with the garbage collector. */
        void release() {
            if (fast != null) {
                fast.close();
            }
        }
    }

    private static final ThreadLocal<Prepared> PREPARED = new ThreadLocal<>();

    private final EvaluationSets sets;

    ServerEvaluator(EvaluationSets sets) {
        this.sets = sets;
    }

    /** Loss and accuracy of {@code weights} under {@code plan} on the set {@code spec} names. */
    public EvaluationResult evaluate(TrainingPlan plan, float[] weights, EvaluationSpec spec) {
        requirePoolThread();
        LabeledDataset data = sets.load(spec, plan);
        NativeThreadLimit.onCurrentThread(NATIVE_THREADS);
        Prepared p = prepared(plan);
        Networks.setParameters(p.network(), weights);
        LabeledDataSetIterator batches = LabeledDataSetIterator.builder(data).batchSize(BATCH).shuffle(false).build();
        return p.fast() != null ? Evaluator.evaluate(p.fast()::output, batches) : Evaluator.evaluate(p.network(), batches);
    }

    private static Prepared prepared(TrainingPlan plan) {
        String key = WireJson.write(plan);
        Prepared p = PREPARED.get();
        if (p != null && p.plan().equals(key)) {
            return p;
        }
        if (p != null) {
            PREPARED.remove();
            p.release();
        }
        MultiLayerNetwork network = Networks.build(plan);
        Prepared fresh = new Prepared(key, network, FastForward.create(network, BATCH).orElse(null));
        PREPARED.set(fresh);
        return fresh;
    }

    public static void requirePoolThread() {
        if (!TensorPool.isPoolThread()) {
            throw new IllegalStateException("tensor work must run on the tensor pool, not on " + Thread.currentThread());
        }
    }
}
