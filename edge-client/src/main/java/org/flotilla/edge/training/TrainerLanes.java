package org.flotilla.edge.training;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.lifecycle.StoppedException;

/**
 * Where local training runs: a fixed set of <em>lanes</em>, each a {@link WorkerPool} of the same
 * size, taken by one round at a time. A device has one lane (its own workers); the simulator's
 * virtual clients share a few (one per CPU by default), so thousands of clients train on a bounded
 * number of platform threads and hold at most one network per lane at a time. A round holds its
 * lane from building the network to the end of the local evaluation and then gives it back.
 *
 * <p>Lanes made with {@code keepNetworks} keep each lane's last network and hand it to the next
 * round of the same plan instead of building another: memory is then O(lanes × model) for any
 * number of clients, and building (a few milliseconds per round and client) is saved. A kept
 * network is returned as a fresh build would be, except for its parameters, which the round sets:
 * optimizer state zero, iteration and epoch counts zero, no listeners, no stored input.
 */
public final class TrainerLanes implements AutoCloseable {

    private final List<WorkerPool> pools;
    private final BlockingQueue<WorkerPool> free;
    private final int workersPerLane;
    private final boolean owned;
    private final boolean keepNetworks;
    /** Per pool, the network it keeps (guarded by this map; a pool is used by one lane at a time). */
    private final Map<WorkerPool, Kept> kept = new IdentityHashMap<>();

    private TrainerLanes(List<WorkerPool> pools, boolean owned, boolean keepNetworks) {
        this.pools = List.copyOf(pools);
        this.free = new ArrayBlockingQueue<>(pools.size(), true, pools);
        this.workersPerLane = pools.get(0).size();
        this.owned = owned;
        this.keepNetworks = keepNetworks;
    }

    /** {@code lanes} lanes of {@code workersPerLane} worker threads each, closed with this object. */
    public static TrainerLanes create(int lanes, int workersPerLane) {
        return create(lanes, workersPerLane, false);
    }

    /**
     * As {@link #create(int, int)}; with {@code keepNetworks} each lane keeps its network for the
     * next round of the same plan.
     */
    public static TrainerLanes create(int lanes, int workersPerLane, boolean keepNetworks) {
        if (lanes < 1 || lanes > 1024) {
            throw new IllegalArgumentException("lanes must be in [1, 1024], was " + lanes);
        }
        List<WorkerPool> pools = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            pools.add(new WorkerPool(workersPerLane));
        }
        return new TrainerLanes(pools, true, keepNetworks);
    }

    /** One lane over an existing pool, which stays the caller's to close. */
    public static TrainerLanes of(WorkerPool pool) {
        return new TrainerLanes(List.of(pool), false, false);
    }

    /** Worker threads of every lane. */
    public int workersPerLane() {
        return workersPerLane;
    }

    /** Number of lanes. */
    public int size() {
        return pools.size();
    }

    /**
     * Waits for a free lane; a stop request ends the wait with {@link StoppedException}. The lane
     * must be closed (given back) by the caller, on any thread.
     */
    public Lane acquire(StopSignal stop) {
        try {
            while (true) {
                WorkerPool pool = free.poll(250, TimeUnit.MILLISECONDS);
                if (pool != null) {
                    return new Lane(pool);
                }
                if (stop.isRequested()) {
                    throw new StoppedException(stop.reason());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.request("interrupted");
            throw new StoppedException("interrupted");
        }
    }

    /** Frees the kept networks; closes the pools if this object created them. */
    @Override
    public void close() {
        synchronized (kept) {
            kept.values().forEach(k -> NetworkMemory.release(k.network()));
            kept.clear();
        }
        if (owned) {
            pools.forEach(WorkerPool::close);
        }
    }

    /** A lane held by one round; closing it gives it back (once). */
    public final class Lane implements AutoCloseable {

        private WorkerPool pool;

        private Lane(WorkerPool pool) {
            this.pool = pool;
        }

        /** The lane's worker threads. */
        public WorkerPool pool() {
            if (pool == null) {
                throw new IllegalStateException("the lane was given back");
            }
            return pool;
        }

        /**
         * The network of the plan named {@code planKey} (its SHA-256): the lane's kept one when it
         * keeps networks and has one of that plan, else {@code build}'s. Give it back with
         * {@link #release}.
         */
        public MultiLayerNetwork network(String planKey, Supplier<MultiLayerNetwork> build) {
            if (!keepNetworks) {
                return build.get();
            }
            WorkerPool p = pool();
            synchronized (kept) {
                Kept k = kept.get(p);
                if (k != null && k.planKey().equals(planKey)) {
                    return reset(k.network());
                }
                if (k != null) {
                    kept.remove(p);
                    NetworkMemory.release(k.network());
                }
            }
            MultiLayerNetwork built = build.get();
            synchronized (kept) {
                kept.put(p, new Kept(planKey, built));
            }
            return built;
        }

        /** Frees {@code network} unless the lane keeps it. */
        public void release(MultiLayerNetwork network) {
            synchronized (kept) {
                Kept k = pool == null ? null : kept.get(pool);
                if (k != null && k.network() == network) {
                    return;
                }
            }
            NetworkMemory.release(network);
        }

        @Override
        public void close() {
            if (pool != null) {
                free.add(pool);
                pool = null;
            }
        }
    }

    private record Kept(String planKey, MultiLayerNetwork network) {
    }

    /** A used network as a fresh build of its plan would be, parameters aside (the round sets them). */
    private static MultiLayerNetwork reset(MultiLayerNetwork network) {
        Updater updater = network.getUpdater(false);
        if (updater != null && updater.getStateViewArray() != null) {
            updater.getStateViewArray().assign(0);
        }
        network.setIterationCount(0);
        network.setEpochCount(0);
        network.setListeners();
        network.clear();
        return network;
    }
}
