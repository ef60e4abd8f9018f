package org.flotilla.model.protocol;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.flotilla.model.codec.CodecException;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.BundleRef;
import org.flotilla.model.wire.TaskKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/protocol.md} is checked against the protocol's types: every path template, header,
 * client setting, extra metric, decline reason, refusal reason (with its slug) and task appears in it, so the
 * document and the code cannot drift apart silently.
 */
class ProtocolDocumentTest {

    private static String doc;

    @BeforeAll
    static void read() throws IOException {
        Path file = Path.of("..", "docs", "protocol.md");
        assertThat(file).as("docs/protocol.md from the module directory").exists();
        doc = Files.readString(file);
    }

    @Test
    void everyPathTemplateIsDocumented() throws IllegalAccessException {
        List<String> templates = new ArrayList<>();
        for (Field f : ProtocolPaths.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("API")) {
                templates.add((String) f.get(null));
            }
        }
        assertThat(templates).hasSize(10).allSatisfy(t -> assertThat(doc).contains("`" + t + "`"));
    }

    @Test
    void everyHeaderClientSettingExtraMetricAndTaskIsDocumented() {
        assertThat(doc).contains("`" + ProtocolHeaders.METRICS + "`").contains("`" + ProtocolHeaders.RETRY_AFTER + "`");
        for (ClientSetting s : ClientSetting.values()) {
            assertThat(doc).as(s.name()).contains("| `" + s.key() + "` |");
        }
        for (ExtraMetric m : ExtraMetric.values()) {
            assertThat(doc).as(m.name()).contains("| `" + m.key() + "` |");
        }
        for (TaskKind t : TaskKind.values()) {
            assertThat(doc).as(t.name()).contains("\"task\":\"" + t.name() + "\"");
        }
    }

    @Test
    void everyMemberOfAnAssignmentIsDocumented() {
        for (Class<?> kind : List.of(Assignment.Train.class, Assignment.Evaluate.class, BundleRef.class)) {
            for (RecordComponent c : kind.getRecordComponents()) {
                assertThat(doc).as(kind.getSimpleName() + "." + c.getName()).contains("\"" + c.getName() + "\":");
            }
        }
    }

    @Test
    void everyDeclineReasonHasARowInTheDeclineTable() {
        String table = section("### Decline reasons", "### Refusal reasons");
        for (DeclineReason r : DeclineReason.values()) {
            assertThat(table).as(r.name()).contains("| `" + r.name() + "` |");
        }
    }

    @Test
    void everyRefusalReasonIsDocumentedWithItsStatusAndSlug() {
        String list = section("### Refusal reasons", "## Evaluation assignments");
        for (RefusalReason r : RefusalReason.values()) {
            assertThat(list).as(r.name()).contains("`" + r.name() + "`");
            assertThat(doc).as(r.name() + " with its slug").contains("`" + r.slug(true) + "`");
            if (r.status() != 422) {
                assertThat(doc).as(r.name() + " in a status table").contains("| " + r.status() + " | `" + r.slug(true) + "`");
            }
        }
        assertThat(doc).contains("`" + RefusalReason.CONFLICT.slug(false) + "`");
        for (CodecException.Reason c : CodecException.Reason.values()) {
            assertThat(RefusalReason.of(c)).as(c.name()).isNotNull();
        }
    }

    private static String section(String from, String to) {
        int start = doc.indexOf(from);
        int end = doc.indexOf(to, start + 1);
        assertThat(start).as(from).isNotNegative();
        assertThat(end).as(to).isGreaterThan(start);
        return doc.substring(start, end);
    }
}
