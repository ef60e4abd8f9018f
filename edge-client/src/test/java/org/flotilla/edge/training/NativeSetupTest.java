package org.flotilla.edge.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.flotilla.edge.Version;
import org.junit.jupiter.api.Test;

/**
 * The native set-up a client gets when it is started from a plain class path, without
 * {@code bin/edge-client} and with {@code OMP_NUM_THREADS} unset: the oneDNN build on x86-64 (the
 * onednn profile puts it on the class path, as the only libnd4j build), and one OpenMP thread on
 * every worker.
 */
class NativeSetupTest {

    private static final boolean ONEDNN_HERE = Version.runningOn().equals("linux-x86_64")
            && NativeBuild.class.getClassLoader().getResource(NativeBuild.ONEDNN_RESOURCE) != null;

    @Test
    void choosesOneDnnOnlyOnX86WhenPresentAndNeverOverridesTheUser() {
        assertThat(NativeBuild.choose("Linux", "amd64", null, true)).isEqualTo("-onednn");
        assertThat(NativeBuild.choose("Linux", "x86_64", null, true)).isEqualTo("-onednn");
        assertThat(NativeBuild.choose("Linux", "amd64", null, false)).isNull();
        assertThat(NativeBuild.choose("Linux", "aarch64", null, true)).isNull();
        assertThat(NativeBuild.choose("Mac OS X", "x86_64", null, true)).isNull();
        assertThat(NativeBuild.choose("Linux", "amd64", "", true)).as("the user asked for the generic build").isNull();
        assertThat(NativeBuild.choose("Linux", "amd64", "-avx2", true)).isNull();
        assertThat(NativeBuild.variantOf("/c/nd4j-native.jar/org/nd4j/bindings/linux-x86_64-onednn/libjnind4jcpu.so"))
                .isEqualTo("linux-x86_64-onednn");
    }

    @Test
    void aPlainClassPathJvmGetsTheOneDnnBuildAndOneOpenMpThreadPerWorker() throws Exception {
        String out = probe(List.of());
        assertThat(out).contains("workers=1,1");
        if (ONEDNN_HERE) {
            assertThat(out).contains("build=linux-x86_64-onednn").contains("extension=-onednn");
        } else {
            assertThat(out).contains("build=" + Version.runningOn() + " ").contains("extension=<unset>");
        }
    }

    @Test
    void theUsersChoiceStands() throws Exception {
        // the one build the class path has, named explicitly (x86-64 carries no generic build to choose)
        String extension = ONEDNN_HERE ? NativeBuild.ONEDNN : "";
        String out = probe(List.of("-D" + NativeBuild.PROPERTY + "=" + extension));
        assertThat(out).contains("build=" + Version.runningOn() + extension + " ").contains("extension=" + extension + " ")
                .contains("workers=1,1");
    }

    private static String probe(List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeSetupProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("OMP_NUM_THREADS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("PROBE ")).findFirst().orElseThrow(() -> new AssertionError(out)) + " ";
    }
}
