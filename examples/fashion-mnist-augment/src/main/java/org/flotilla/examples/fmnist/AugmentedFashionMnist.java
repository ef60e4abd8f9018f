package org.flotilla.examples.fmnist;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.training.Interval;
import org.flotilla.edge.training.LocalTrainer;
import org.flotilla.edge.training.ThreadLevelParallelism;
import org.flotilla.edge.training.TrainingOptions;
import org.flotilla.edge.training.TrainingResult;
import org.flotilla.edge.training.WorkerPool;
import org.flotilla.model.bundle.EvalRequest;
import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.bundle.ModelInfo;
import org.flotilla.model.bundle.ProgramContext;
import org.flotilla.model.bundle.RoundMetrics;
import org.flotilla.model.bundle.RoundResult;
import org.flotilla.model.bundle.SettingException;
import org.flotilla.model.bundle.Settings;
import org.flotilla.model.bundle.TrainRequest;
import org.flotilla.model.bundle.TrainingProgram;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.zoo.Architectures;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The example bundle's program: the built-in {@code mlp} (McMahan et al.'s 2NN, 784-200-200-10)
 * trained with random-shift augmentation ({@link RandomShift}, a fresh shift of every image each
 * epoch) and label smoothing ({@link LabelSmoothingLoss}), on the edge client's worker pool
 * ({@code LocalTrainer}: N replicas on disjoint shards, averaged every K batches, TLP measured).
 *
 * <p>Job settings (session): {@code learningRate} (0.05), {@code labelSmoothing} ε (0.1),
 * {@code maxShift} pixels (2), {@code hidden} width of both hidden layers (200). Round settings:
 * {@code localEpochs} (1), {@code batchSize} (32), {@code averagingFrequency} (16), {@code fedproxMu} (0).
 * With {@code labelSmoothing = 0} and {@code maxShift = 0} it trains exactly as the built-in plan
 * (the same network, FastTrainer's kernels), which is how the cost of running in a child is measured.
 */
public final class AugmentedFashionMnist implements TrainingProgram {

    private MultiLayerNetwork network;
    private WorkerPool pool;
    private final StopSignal stop = new StopSignal();
    private int[] shape;
    private int maxShift;
    private double smoothing;
    private double learningRate;

    @Override
    public ModelInfo build(ProgramContext context) {
        Settings s = context.settings();
        learningRate = s.number("learningRate", 0.05, 1e-6, 10);
        smoothing = s.number("labelSmoothing", 0.1, 0, 0.5);
        int hidden = s.wholeNumber("hidden", 200, 1, 4096);
        LabeledDataset train = context.train();
        shape = RandomShift.imageShape(train);
        if (shape == null) {
            throw new SettingException("this bundle trains on images: the data's examples have shape "
                    + java.util.Arrays.toString(train.exampleShape()) + ", not [channels, height, width]");
        }
        maxShift = s.wholeNumber("maxShift", 2, 0, Math.min(shape[1], shape[2]) / 2);
        MultiLayerConfiguration conf = Architectures.configuration("mlp", Map.of("hidden", List.of(hidden, hidden)),
                shape, train.numClasses(), new Optimizer("sgd", learningRate, 0), context.seed());
        if (smoothing > 0) {
            OutputLayer out = (OutputLayer) conf.getConf(conf.getConfs().size() - 1).getLayer();
            out.setLossFn(new LabelSmoothingLoss(smoothing));
        }
        Nd4j.getRandom().setSeed(context.seed());
        network = new MultiLayerNetwork(conf);
        network.init();
        pool = new WorkerPool(context.workers());
        context.stop().onRequest(() -> stop.request("the bundle host asked to stop"));
        return new ModelInfo(Networks.parameters(network), String.format(java.util.Locale.ROOT,
                "mlp %d-%d-%d-%d, label smoothing %.2f, random shift ±%d px", train.featureCount(), hidden, hidden,
                train.numClasses(), smoothing, maxShift));
    }

    @Override
    public RoundResult train(ProgramContext context, TrainRequest request) {
        Settings s = context.settings().with(request.settings());
        int epochs = s.wholeNumber("localEpochs", 1, 1, 100);
        int batch = s.wholeNumber("batchSize", 32, 1, 65_536);
        int k = s.wholeNumber("averagingFrequency", TrainingOptions.DEFAULT_AVERAGING_FREQUENCY, 1, 1_000_000);
        double mu = s.number("fedproxMu", 0, 0, 1_000);
        Networks.setParameters(network, request.globalParameters());
        LabeledDataset train = context.train();
        long roundSeed = context.seed() * 1_000_003L + request.round() * 1_009L;
        List<TrainingResult> epochsDone = new ArrayList<>();
        for (int e = 0; e < epochs && !stop.isRequested(); e++) {
            LabeledDataset data = RandomShift.apply(train, shape, maxShift, roundSeed + e);
            TrainingOptions options = new TrainingOptions(context.workers(), k, 1, batch, roundSeed + e, learningRate, mu,
                    TrainingOptions.DEFAULT_PREFETCH);
            epochsDone.add(LocalTrainer.train(pool, network, data, options, stop));
        }
        TrainingResult last = epochsDone.get(epochsDone.size() - 1);
        long examples = 0;
        long nanos = 0;
        int averagings = 0;
        List<Interval> intervals = new ArrayList<>();
        for (TrainingResult r : epochsDone) {
            examples += r.examplesSeen();
            nanos += r.trainNanos();
            averagings += r.averagings();
            r.busyIntervals().forEach(intervals::addAll);
        }
        double tlp = ThreadLevelParallelism.measure(intervals, epochsDone.get(0).windowStart(),
                Math.max(last.windowEnd(), epochsDone.get(0).windowStart() + 1)).tlp();
        Map<String, Double> extra = new HashMap<>();
        extra.put("epochs", (double) epochsDone.size());
        extra.put("averagingFrequency", (double) k);
        extra.put("averagings", (double) averagings);
        extra.put("labelSmoothing", smoothing);
        extra.put("maxShift", (double) maxShift);
        double seconds = nanos / 1e9;
        RoundMetrics metrics = new RoundMetrics(finite(last.trainLoss()), finite(last.trainAccuracy()), seconds,
                seconds == 0 ? 0 : examples / seconds, last.workers(), tlp, extra);
        return new RoundResult(Networks.parameters(network), train.size(), metrics);
    }

    @Override
    public Evaluation evaluate(ProgramContext context, EvalRequest request) {
        LabeledDataset heldOut = context.heldOut().orElseThrow();
        Networks.setParameters(network, request.parameters());
        EvaluationResult r = Evaluator.evaluate(network, new LabeledDataSetIterator(heldOut, 256, context.seed()));
        return new Evaluation(r.examples(), r.loss(), r.accuracy());
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
