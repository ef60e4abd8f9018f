package org.flotilla.coordinator.hostile;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.protocol.ProtocolPaths;
import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile devices, part one: bodies, paths and headers far over their limits, sent to a real
 * coordinator over real HTTP. Each is refused with 413 (414, 400 for headers) naming the limit,
 * after at most the limit was read — a 1.5 GB body generated on the fly moves the heap by no more
 * than a bound far below its size — and the job next to them completes.
 */
@TestPropertySource(properties = "flotilla.limits.aggregation-memory=4KB")
class OversizedRequestsTest extends IntegrationTest {

    private static final long HUGE = 1536L * 1024 * 1024; // 1.5 GB, generated, never allocated
    /** Heap growth allowed while a huge body is refused: generous for garbage, far below the body's size. */
    private static final long HEAP_BOUND = 256L * 1024 * 1024;
    /** What may pass the socket before the server's answer stops the sender: socket buffers and the limit. */
    private static final long SENT_BOUND = 64L * 1024 * 1024;

    @Test
    void aChunkedEvaluationBodyOfOnePointFiveGigabytesIsRefusedAtTheLimitAndTheHeapStaysFlat() throws Exception {
        TestEdgeClient device = enrol("big-evaluation", Blobs.sample(40, 1));
        String path = ProtocolPaths.evaluation(999, 1, device.id()); // a job that does not exist, as in the report

        Measured m = whileWatchingTheHeap(() -> RawHttp.send(port, "POST", path,
                "Authorization: " + device.authorization() + "\r\nContent-Type: application/json\r\n", HUGE, false));

        assertThat(m.answer().status()).isEqualTo(413);
        assertThat(m.answer().body()).contains("too-large").contains("at most 16384 bytes");
        assertThat(m.answer().bodyBytesSent()).isLessThan(SENT_BOUND);
        assertThat(m.heapGrowth()).isLessThan(HEAP_BOUND);
    }

    @Test
    void aChunkedJobBodyOfOnePointFiveGigabytesIsRefusedAtTheJobLimit() throws Exception {
        Measured m = whileWatchingTheHeap(() -> RawHttp.send(port, "POST", "/api/v1/jobs",
                "Authorization: Bearer " + ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n", HUGE, false));

        assertThat(m.answer().status()).isEqualTo(413);
        assertThat(m.answer().body()).contains("at most 1048576 bytes");
        assertThat(m.answer().bodyBytesSent()).isLessThan(SENT_BOUND);
        assertThat(m.heapGrowth()).isLessThan(HEAP_BOUND);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyBodyByteAndWithoutCredentials() throws Exception {
        RawHttp.Answer answer = RawHttp.send(port, "POST", ProtocolPaths.checkIn("anyone"),
                "Content-Type: application/json\r\n", HUGE, true);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("\"limit\":\"at most 16384 bytes\"").contains("\"field\":\"body\"");
        assertThat(answer.bodyBytesSent()).isLessThan(SENT_BOUND);
    }

    @Test
    void longPathsAndHugeHeadersAreRefusedWithoutA5xx() throws Exception {
        RawHttp.Answer longPath = RawHttp.send(port, "GET", "/api/v1/jobs?q=" + "x".repeat(5000),
                "Authorization: Bearer " + ADMIN_TOKEN + "\r\n", 0, true);
        RawHttp.Answer bigHeader = RawHttp.send(port, "GET", "/api/v1/jobs",
                "Authorization: Bearer " + ADMIN_TOKEN + "\r\nX-Padding: " + "y".repeat(32 * 1024) + "\r\n", 0, true);

        assertThat(longPath.status()).isEqualTo(414);
        assertThat(longPath.body()).contains("at most 4096 characters");
        assertThat(bigHeader.status()).isBetween(400, 499);
    }

    @Test
    void anUploadDeclaredLongerThanTheModelIsRefusedUnreadAndTheJobStillCompletes() throws Exception {
        TestEdgeClient device = enrol("uploader", Blobs.sample(80, 2));
        long job = admin().createJob(JobJson.of("rounds", 1, "clientsPerRound", 1, "minClients", 1));
        Assignment a = device.awaitAssignment(Duration.ofSeconds(10));
        TestEdgeClient.Trained trained = device.train(a);
        long modelBytes = trained.encoded().length;
        assertThat(modelBytes).isEqualTo(WeightsCodec.HEADER_BYTES + 4L * trained.global().length + WeightsCodec.TRAILER_BYTES);

        RawHttp.Answer tooLong = RawHttp.send(port, "PUT", ProtocolPaths.update(job, 1, device.id()),
                "Authorization: " + device.authorization() + "\r\nContent-Type: application/octet-stream\r\n"
                        + "Flotilla-Metrics: " + WireJson.write(trained.metrics()) + "\r\n", modelBytes + 1, true);

        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(tooLong.body()).contains("at most " + modelBytes + " bytes");
        assertThat(tooLong.bodyBytesSent()).isLessThan(SENT_BOUND);
        assertThat(device.upload(trained).statusCode()).isEqualTo(201);
        assertThat(admin().awaitJob(job, Duration.ofSeconds(20), j -> j.get("state").asString().equals("COMPLETED"))
                .get("completedRounds").asInt()).isEqualTo(1);
    }

    @Test
    void aRobustStrategyWhoseRoundCannotFitTheAggregationMemoryIsRefusedWithTheNumbers() {
        // logreg on 8 features and 3 classes: 27 parameters, 108 bytes an update; 50 of them > 4 KB
        var refused = admin().post("/api/v1/jobs", JobJson.of("strategy", java.util.Map.of("name", "median"),
                "clientsPerRound", 50, "minClients", 2));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"strategy\"").contains("50 clients × 27 parameters × 4 bytes")
                .contains("flotilla.limits.aggregation-memory");
    }

    private record Measured(RawHttp.Answer answer, long heapGrowth) {
    }

    private interface Call {
        RawHttp.Answer run() throws Exception;
    }

    /** Runs {@code call} while sampling the heap every 5 ms; the growth is the peak over the baseline. */
    private static Measured whileWatchingTheHeap(Call call) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            RawHttp.Answer answer = call.run();
            System.out.printf("refused %d after %d body bytes sent; heap growth %d MB%n", answer.status(),
                    answer.bodyBytesSent(), (peak.get() - baseline) >> 20);
            return new Measured(answer, peak.get() - baseline);
        } finally {
            done.set(true);
            sampler.join();
        }
    }
}
