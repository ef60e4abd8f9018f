package org.flotilla.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.folder.ClientFolder;
import org.flotilla.datasets.folder.ClientManifest;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.round.RoundReport;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.wire.TaskKind;
import org.flotilla.model.wire.UpdateMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing but the encoded update, aggregate metrics and, for federated evaluation, the three
 * aggregate figures (examples, loss, accuracy) leaves the device: every byte the client sends
 * (request lines, headers, bodies) over two training rounds and two evaluations is captured and
 * searched for every local example, as the model sees it (float32 little-endian) and as stored (a
 * row of bytes), and for the labels.
 */
class PrivacyBoundaryTest {

    /** The documented extra metrics, all aggregate. */
    private static final Set<String> EXTRA = Set.of("epochs", "averagingFrequency", "averagings", "updateNorm", "clipped");
    /** Headers the client (or the JDK's HTTP client) may send. */
    private static final Set<String> HEADERS = Set.of("authorization", "content-type", "content-length", "user-agent",
            "flotilla-metrics", "host", "connection", "upgrade", "http2-settings");

    @TempDir
    Path tmp;

    @Test
    void onlyTheUpdateAndAggregateFiguresLeaveTheDevice() throws Exception {
        LabeledDataset train = TestData.blobs(240, 24, 4, 21);
        LabeledDataset heldOut = TestData.blobs(60, 24, 4, 22);
        Path folder = tmp.resolve("client-00");
        ClientFolder.write(folder, new ClientManifest("client-00", "synthetic", List.of(24), 4, train.size(),
                heldOut.size(), hist(train), 255, hist(heldOut), ClientManifest.UBYTE, "iid", 1, null, null, null),
                train, heldOut);
        ClientData data = ClientData.open(folder.toString(), 0.1);
        TrainingPlan plan = TestData.mlpPlan(24, 4, 2, 16, Map.of());

        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(plan, Networks.parameters(Networks.build(plan)), 2, Map.of()).federatedEvaluation(true);
            RunResult r = TestClients.run(TestClients.config(fake.uri(), tmp.resolve("state"), 2), data, 4);
            assertThat(r.rounds()).extracting(RoundReport::task)
                    .containsExactly(TaskKind.TRAIN, TaskKind.EVALUATE, TaskKind.TRAIN, TaskKind.EVALUATE);
            assertThat(r.rounds()).allSatisfy(x -> assertThat(x.outcome().isSuccessful()).isTrue());

            byte[] sent = everythingSent(fake.requests());
            // the search does see what was sent: the uploaded updates and evaluation results are in there
            assertThat(fake.uploads()).hasSize(2).allSatisfy(u -> assertThat(indexOf(sent, u.body())).isNotNegative());
            assertThat(fake.evaluations()).hasSize(2)
                    .allSatisfy(e -> assertThat(indexOf(sent, e.body())).isNotNegative());
            for (LabeledDataset d : List.of(train, heldOut)) {
                int f = d.featureCount();
                for (int i = 0; i < d.size(); i++) {
                    float[] row = Arrays.copyOfRange(d.features(), i * f, (i + 1) * f);
                    assertThat(indexOf(sent, float32le(row))).as("example %d as float32", i).isEqualTo(-1);
                    assertThat(indexOf(sent, uint8(row))).as("example %d as bytes", i).isEqualTo(-1);
                }
                byte[] labels = new byte[d.size()];
                for (int i = 0; i < d.size(); i++) {
                    labels[i] = (byte) d.label(i);
                }
                for (int start = 0; start + 16 <= labels.length; start += 16) {
                    byte[] window = Arrays.copyOfRange(labels, start, start + 16);
                    assertThat(indexOf(sent, window)).as("labels %d.. as bytes", start).isEqualTo(-1);
                    String text = IntStream.range(start, start + 16).mapToObj(k -> String.valueOf(d.label(k)))
                            .collect(Collectors.joining(","));
                    assertThat(indexOf(sent, text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
                }
            }

            Set<String> fields = Arrays.stream(UpdateMetrics.class.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            for (FakeCoordinator.Captured q : fake.requests()) {
                assertThat(q.headers().keySet()).allSatisfy(h -> assertThat(HEADERS).contains(h.toLowerCase()));
                if (q.method().equals("PUT")) {
                    String json = q.headers().get("Flotilla-metrics").getFirst();
                    Map<?, ?> metrics = WireJson.read(json, Map.class);
                    assertThat(metrics.keySet()).isEqualTo(fields);
                    Map<?, ?> extra = (Map<?, ?>) metrics.get("extra");
                    assertThat(EXTRA).containsAll(extra.keySet().stream().map(Object::toString).toList());
                    metrics.forEach((k, v) -> assertThat(v).as("metric %s", k).isInstanceOfAny(Number.class, Map.class));
                    extra.values().forEach(v -> assertThat(v).isInstanceOf(Number.class));
                    assertThat(((Number) metrics.get("examples")).intValue()).isEqualTo(train.size());
                } else if (q.uri().contains("/evaluations/")) {
                    // an evaluation result: the three aggregate figures, nothing else
                    Map<?, ?> result = WireJson.read(q.body(), Map.class);
                    assertThat(result.keySet()).isEqualTo(Set.of("examples", "loss", "accuracy"));
                    result.values().forEach(v -> assertThat(v).isInstanceOf(Number.class));
                    assertThat(((Number) result.get("examples")).intValue()).isEqualTo(heldOut.size());
                    assertThat(q.body().length).isLessThan(120);
                } else if (!q.method().equals("GET")) {
                    // JSON bodies (enrol, check-in, decline): counts and labels of the device only
                    Map<?, ?> body = WireJson.read(q.body(), Map.class);
                    assertThat(body.keySet()).allSatisfy(k -> assertThat(Set.of("name", "cores", "platform", "examples",
                            "clientVersion", "reason", "detail")).contains(k.toString()));
                } else {
                    assertThat(q.body()).isEmpty();
                }
            }
        }
    }

    private static List<Integer> hist(LabeledDataset d) {
        return Arrays.stream(d.labelHistogram()).boxed().toList();
    }

    private static byte[] everythingSent(List<FakeCoordinator.Captured> requests) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (FakeCoordinator.Captured q : requests) {
            all.writeBytes((q.method() + " " + q.uri() + "\n").getBytes(StandardCharsets.UTF_8));
            q.headers().forEach((k, vs) -> vs.forEach(v -> all.writeBytes((k + ": " + v + "\n").getBytes(StandardCharsets.UTF_8))));
            all.writeBytes(q.body());
        }
        return all.toByteArray();
    }

    private static byte[] float32le(float[] row) {
        ByteBuffer b = ByteBuffer.allocate(row.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(row);
        return b.array();
    }

    private static byte[] uint8(float[] row) {
        byte[] out = new byte[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = (byte) Math.round(row[i] * 255);
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
