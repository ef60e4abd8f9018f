package org.flotilla.edge.training;

import java.util.Locale;
import java.util.Map;

import org.bytedeco.javacpp.Loader;

/**
 * Chooses which build of libnd4j (ND4J's native library) the JVM loads, before ND4J loads it. On
 * x86-64 the archive carries the oneDNN build ({@code nd4j-native-…-linux-x86_64-onednn.jar}) as its
 * only libnd4j build: with it, the convolutions of {@code FastTrainer} run in oneDNN's kernels, about
 * 7× faster per CPU second than the generic build's (docs/performance.md), and DL4J's own
 * {@code fit} and {@code output} run on it as on the generic build. oneDNN picks AVX-512, AVX2 or
 * SSE4.1 code at run time, so the one build fits every x86-64 CPU and no CPU test is needed. JavaCPP
 * looks for that build's files only when the extension below is set, so without it ND4J would not load.
 *
 * <p>JavaCPP reads the choice from the system property {@value #PROPERTY} when it first loads a
 * native library, so {@link #select()} must run before anything touches ND4J or JavaCPP:
 * {@code EdgeClientMain.main} calls it first, and the {@link WorkerPool} calls it again for
 * in-process use (then it only helps if ND4J has not been loaded yet). An operator's own
 * {@code -D}{@value #PROPERTY}{@code =…} is never overridden. Without the oneDNN jar (arm64 archives,
 * or a class path that has the generic build instead) the generic build loads.
 */
public final class NativeBuild {

    /** JavaCPP's system property for the build variant, e.g. {@code -onednn}. */
    public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";

    /** The variant this class selects on x86-64 when it is on the class path. */
    public static final String ONEDNN = "-onednn";

    /** A file only the oneDNN build's jar contains. */
    static final String ONEDNN_RESOURCE = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn/libjnind4jcpu.so";

    private static final String ND4J_LIBRARY = "jnind4jcpu";

    private NativeBuild() {
    }

    /**
     * Sets {@value #PROPERTY} to {@value #ONEDNN} when this is an x86-64 JVM, the oneDNN build is on
     * the class path and the property was not set; otherwise leaves it alone. Cheap and idempotent.
     *
     * @return the extension now in force ({@code ""} for the generic build)
     */
    public static synchronized String select() {
        String chosen = choose(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                System.getProperty(PROPERTY), NativeBuild.class.getClassLoader().getResource(ONEDNN_RESOURCE) != null);
        if (chosen != null && System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, chosen);
        }
        return System.getProperty(PROPERTY, "");
    }

    /**
     * The decision of {@link #select()}, as a pure function.
     *
     * @param userValue the property as the user set it, or null
     * @return the value to set, or null to leave the property as it is
     */
    static String choose(String osName, String osArch, String userValue, boolean oneDnnPresent) {
        if (userValue != null) {
            return null;
        }
        boolean linuxX86 = osName.toLowerCase(Locale.ROOT).startsWith("linux")
                && (osArch.equals("amd64") || osArch.equals("x86_64"));
        return linuxX86 && oneDnnPresent ? ONEDNN : null;
    }

    /**
     * The libnd4j build this JVM loaded, e.g. {@code linux-x86_64-onednn} or {@code linux-arm64}, read
     * from the path JavaCPP loaded it from; loads ND4J if it is not loaded yet.
     */
    public static String loaded() {
        try {
            org.nd4j.linalg.factory.Nd4j.getBackend();
            for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
                if (e.getKey().contains(ND4J_LIBRARY) && e.getValue() != null) {
                    return variantOf(e.getValue());
                }
            }
            return Loader.getPlatform() + " (build not identified)";
        } catch (RuntimeException | LinkageError e) {
            return "unknown (" + e + ")";
        }
    }

    /** {@code …/bindings/linux-x86_64-onednn/libjnind4jcpu.so} → {@code linux-x86_64-onednn}. */
    static String variantOf(String libraryPath) {
        String p = libraryPath.replace('\\', '/');
        int end = p.lastIndexOf('/');
        int start = end > 0 ? p.lastIndexOf('/', end - 1) : -1;
        return end > 0 ? p.substring(start + 1, end) : p;
    }
}
