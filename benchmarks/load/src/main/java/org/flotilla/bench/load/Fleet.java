package org.flotilla.bench.load;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.flotilla.edge.http.ClientCredentials;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.CheckInRequest;
import org.flotilla.model.wire.CheckInResponse;
import org.flotilla.model.wire.UpdateMetrics;

/**
 * The enrolled clients and their protocol loops: each loop long-polls, and on a training
 * assignment downloads the plan and the weights, waits until the round's selected clients have
 * all downloaded (standing in for training, so that the downloads and the uploads of a round are
 * measured apart), and uploads an update of the model's size, distinct per client.
 */
final class Fleet {

    static final long EXAMPLES = 60;
    private static final CheckInRequest CHECK_IN = new CheckInRequest(2, EXAMPLES, "linux-x86_64", "load-bench");

    private final CoordinatorClient http;
    private final Recorder recorder;
    private final List<ClientCredentials> clients = new CopyOnWriteArrayList<>();
    private final Map<Integer, Round> rounds = new ConcurrentHashMap<>();
    private final Map<String, String> weightsOf = new ConcurrentHashMap<>();
    private final StopSignal stop = new StopSignal();
    private final AtomicInteger polling = new AtomicInteger();
    private final AtomicLong heldAnswers = new AtomicLong();
    private final float[] base;
    private final int perRound;
    private final Semaphore uploads;
    private final String metrics;
    private volatile int waitSeconds;

    Fleet(CoordinatorClient http, Recorder recorder, int parameters, int perRound, int uploadConcurrency, int waitSeconds) {
        this.http = http;
        this.recorder = recorder;
        this.perRound = perRound;
        this.uploads = new Semaphore(uploadConcurrency);
        this.waitSeconds = waitSeconds;
        this.base = new float[parameters];
        Random r = new Random(42);
        for (int i = 0; i < parameters; i++) {
            base[i] = (float) (r.nextGaussian() * 1e-3);
        }
        this.metrics = WireJson.write(new UpdateMetrics(EXAMPLES, 0.5, 0.8, null, null, 1.0, 0.9, EXAMPLES, 1, 1.0, Map.of()));
    }

    void add(ClientCredentials c) {
        clients.add(c);
    }

    List<ClientCredentials> clients() {
        return clients;
    }

    StopSignal stop() {
        return stop;
    }

    /** One check-in without waiting; true when it was answered 200. */
    boolean checkInNow(ClientCredentials c, String kind) {
        long t = System.nanoTime();
        try {
            CheckInResponse r = http.checkIn(c, CHECK_IN, 0);
            recorder.time(kind, t);
            if (r.assignment() != null) {
                recorder.error(kind, new IllegalStateException("unexpected assignment " + r.assignment()));
            }
            return true;
        } catch (RuntimeException e) {
            recorder.error(kind, e);
            return false;
        }
    }

    /** Starts the long-poll loops of clients [from, to). */
    void startPolling(int from, int to) {
        for (int i = from; i < to; i++) {
            ClientCredentials c = clients.get(i);
            int index = i;
            Thread.ofVirtual().name("poll-" + i).start(() -> poll(c, index));
        }
    }

    int polling() {
        return polling.get();
    }

    /** Empty long-poll answers so far. */
    long heldAnswers() {
        return heldAnswers.get();
    }

    Round round(int no) {
        return rounds.computeIfAbsent(no, n -> new Round(perRound));
    }

    /** The weights artifact a client was assigned (for the download measurement after the job). */
    Map<String, String> weightsOf() {
        return weightsOf;
    }

    byte[] download(ClientCredentials c, String sha256, String kind) {
        long t = System.nanoTime();
        try {
            byte[] b = http.artifact(c, sha256);
            recorder.time(kind, t);
            return b;
        } catch (RuntimeException e) {
            recorder.error(kind, e);
            return null;
        }
    }

    private void poll(ClientCredentials c, int index) {
        polling.incrementAndGet();
        try {
            while (!stop.isRequested()) {
                int wait = waitSeconds;
                long t = System.nanoTime();
                CheckInResponse r;
                try {
                    r = http.checkIn(c, CHECK_IN, wait);
                } catch (RuntimeException e) {
                    if (!stop.isRequested()) {
                        recorder.error("check-in (held)", e);
                        stop.sleep(Duration.ofSeconds(1));
                    }
                    continue;
                }
                if (r.assignment() == null) {
                    heldAnswers.incrementAndGet();
                    // How much later than its wait an empty long-poll was answered.
                    recorder.value("check-in (held, excess over the wait)", (System.nanoTime() - t) / 1e6 - wait * 1000.0);
                } else if (r.assignment() instanceof Assignment.Train train) {
                    recorder.time("check-in (assigned)", t);
                    work(c, index, train);
                } else {
                    recorder.error("check-in (held)", new IllegalStateException("unexpected " + r.assignment().task()));
                }
            }
        } finally {
            polling.decrementAndGet();
        }
    }

    private void work(ClientCredentials c, int index, Assignment.Train a) {
        Round round = round(a.round());
        round.assigned(Instant.now());
        weightsOf.put(c.clientId(), a.weightsSha256());
        boolean ok = download(c, a.planSha256(), "download (plan)") != null
                && download(c, a.weightsSha256(), "download (weights)") != null;
        round.downloaded.countDown();
        if (!ok) {
            return;
        }
        try {
            if (!round.downloaded.await(120, TimeUnit.SECONDS)) {
                recorder.error("round barrier", new IllegalStateException("round " + a.round()
                        + ": not every selected client downloaded within 120 s"));
            }
            round.uploadsStart(System.nanoTime());
            float[] update = base.clone();
            update[0] = index * 1e-7f;
            byte[] body = WeightsCodec.encode(update);
            uploads.acquire();
            long t = System.nanoTime();
            try {
                http.upload(c, a.uploadPath(), body, metrics);
                recorder.time("upload", t);
                round.uploaded(Instant.now());
            } catch (RuntimeException e) {
                recorder.error("upload", e);
            } finally {
                uploads.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the clients saw of one round. */
    static final class Round {
        final CountDownLatch downloaded;
        private final int wanted;
        private final AtomicInteger assigned = new AtomicInteger();
        private final AtomicInteger uploaded = new AtomicInteger();
        volatile Instant firstAssigned;
        volatile Instant lastAssigned;
        volatile Instant lastUploaded;
        volatile long uploadsStartNanos;
        volatile long uploadsEndNanos;

        Round(int wanted) {
            this.wanted = wanted;
            this.downloaded = new CountDownLatch(wanted);
        }

        void assigned(Instant at) {
            int n = assigned.incrementAndGet();
            if (n == 1) {
                firstAssigned = at;
            }
            if (n == wanted) {
                lastAssigned = at;
            }
        }

        synchronized void uploadsStart(long nanos) {
            if (uploadsStartNanos == 0) {
                uploadsStartNanos = nanos;
            }
        }

        void uploaded(Instant at) {
            if (uploaded.incrementAndGet() == wanted) {
                lastUploaded = at;
                uploadsEndNanos = System.nanoTime();
            }
        }

        int uploadedCount() {
            return uploaded.get();
        }
    }
}
