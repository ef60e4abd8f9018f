package org.flotilla.operator.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.flotilla.datasets.LabeledDataset;
import tools.jackson.databind.JsonNode;

/**
 * Protocol clients working for one job in their own threads, as edge clients would: check in,
 * train and upload (or evaluate and report), until the job ends or {@link #close()} is called.
 * {@link #allowRounds(int)} holds uploads for later rounds back, so a test decides when a new
 * round completes.
 */
public final class ClientLoop implements AutoCloseable {

    private final Admin admin;
    private final long jobId;
    private final LabeledDataset heldOut;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile int allowedRounds = Integer.MAX_VALUE;

    private ClientLoop(Admin admin, long jobId, LabeledDataset heldOut) {
        this.admin = admin;
        this.jobId = jobId;
        this.heldOut = heldOut;
    }

    /** Starts one thread per client; EVALUATE assignments are answered from {@code heldOut}. */
    public static ClientLoop start(Admin admin, long jobId, List<ProtocolClient> clients, LabeledDataset heldOut,
                                   int allowedRounds) {
        ClientLoop loop = new ClientLoop(admin, jobId, heldOut);
        loop.allowedRounds = allowedRounds;
        for (ProtocolClient c : clients) {
            Thread t = Thread.ofPlatform().name("client-" + c.id()).daemon().start(() -> loop.work(c));
            loop.threads.add(t);
        }
        return loop;
    }

    /** Lets uploads for rounds up to {@code n} go through. */
    public void allowRounds(int n) {
        allowedRounds = n;
    }

    private void work(ProtocolClient c) {
        try {
            while (!stop.get() && !terminal()) {
                JsonNode a = c.checkIn(1);
                if (a == null || a.get("jobId").asLong() != jobId) {
                    continue;
                }
                int round = a.get("round").asInt();
                while (round > allowedRounds && !stop.get()) {
                    Thread.sleep(50);
                }
                if (stop.get()) {
                    return;
                }
                if ("EVALUATE".equals(a.get("task").asString())) {
                    c.evaluateAndReport(a, heldOut);
                } else {
                    c.trainAndUpload(a);
                }
            }
        } catch (Throwable e) {
            if (!stop.get()) {
                failures.add(e);
            }
        }
    }

    private boolean terminal() {
        String state = admin.job(jobId).get("state").asString();
        return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED");
    }

    /** Failures of the client threads (assertion errors of unexpected answers). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
