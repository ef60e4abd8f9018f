package org.flotilla.edge.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.lifecycle.StoppedException;

/**
 * Where local training runs: a fixed set of <em>lanes</em>, each a {@link WorkerPool} of the same
 * size, taken by one round at a time. A device has one lane (its own workers); the simulator's
 * virtual clients share a few (one per CPU by default), so thousands of clients train on a bounded
 * number of platform threads and hold at most one network per lane at a time. A round holds its
 * lane from building the network to the end of the local evaluation and then gives it back.
 */
public final class TrainerLanes implements AutoCloseable {

    private final List<WorkerPool> pools;
    private final BlockingQueue<WorkerPool> free;
    private final int workersPerLane;
    private final boolean owned;

    private TrainerLanes(List<WorkerPool> pools, boolean owned) {
        this.pools = List.copyOf(pools);
        this.free = new ArrayBlockingQueue<>(pools.size(), true, pools);
        this.workersPerLane = pools.get(0).size();
        this.owned = owned;
    }

    /** {@code lanes} lanes of {@code workersPerLane} worker threads each, closed with this object. */
    public static TrainerLanes create(int lanes, int workersPerLane) {
        if (lanes < 1 || lanes > 1024) {
            throw new IllegalArgumentException("lanes must be in [1, 1024], was " + lanes);
        }
        List<WorkerPool> pools = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            pools.add(new WorkerPool(workersPerLane));
        }
        return new TrainerLanes(pools, true);
    }

    /** One lane over an existing pool, which stays the caller's to close. */
    public static TrainerLanes of(WorkerPool pool) {
        return new TrainerLanes(List.of(pool), false);
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

    /** Closes the pools if this object created them. */
    @Override
    public void close() {
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

        @Override
        public void close() {
            if (pool != null) {
                free.add(pool);
                pool = null;
            }
        }
    }
}
