package org.flotilla.bench.edge;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.management.ObjectName;

import org.bytedeco.javacpp.Pointer;

/**
 * Where this process's memory is, read from {@code /proc/self} and the JVM: the peak resident set
 * ({@code VmHWM}), the current one, JavaCPP's own counters (what ND4J allocated off the heap), the
 * committed heap, and a breakdown of the resident set by mapping (anonymous memory, each shared
 * library) from {@code /proc/self/smaps}. With {@code -XX:NativeMemoryTracking=summary} also NMT's
 * summary (through the DiagnosticCommand MBean, as {@code jcmd VM.native_memory summary} prints it).
 */
final class MemoryReport {

    /** The first line of a mapping in smaps: {@code start-end perms offset dev inode [name]}. */
    private static final Pattern MAPPING = Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    private MemoryReport() {
    }

    /** A {@code /proc/self/status} field in MB, e.g. {@code VmHWM}; NaN off Linux. */
    static double statusMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** The RESULT fields: peak and current RSS, JavaCPP's counters and the committed heap, in MB. */
    static String fields(String prefix) {
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format(Locale.ROOT, "%1$s_hwm_mb=%2$.0f %1$s_rss_mb=%3$.0f %1$s_javacpp_mb=%4$.0f"
                        + " %1$s_javacpp_physical_mb=%5$.0f %1$s_heap_committed_mb=%6$.0f %1$s_heap_used_mb=%7$.0f",
                prefix, statusMb("VmHWM"), statusMb("VmRSS"), Pointer.totalBytes() / 1048576.0,
                Pointer.physicalBytes() / 1048576.0, heap.getCommitted() / 1048576.0, heap.getUsed() / 1048576.0);
    }

    /** Resident MB per mapping name (a file, {@code [heap]}, {@code [anon]}...), largest first, on stderr. */
    static void printMappings(String title) {
        Map<String, Long> kb = new HashMap<>();
        try {
            String name = "[anon]";
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (MAPPING.matcher(line).lookingAt()) {
                    String[] parts = line.trim().split("\\s+", 6);
                    name = parts.length == 6 ? shortName(parts[5]) : "[anon]";
                } else if (line.startsWith("Rss:")) {
                    kb.merge(name, Long.parseLong(line.replaceAll("[^0-9]", "")), Long::sum);
                }
            }
        } catch (IOException e) {
            return;
        }
        StringBuilder out = new StringBuilder("MEMORY " + title + ": resident MB by mapping:");
        kb.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> out.append(String.format(Locale.ROOT, " %s=%.1f", e.getKey(), e.getValue() / 1024.0)));
        System.err.println(out);
    }

    private static String shortName(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** NMT's summary on stderr when native memory tracking is on; nothing otherwise. */
    static void printNativeMemory(String title) {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (args.stream().noneMatch(a -> a.startsWith("-XX:NativeMemoryTracking=") && !a.endsWith("=off"))) {
            return;
        }
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary", "scale=MB"}}, new String[] {String[].class.getName()});
            String.valueOf(text).lines().filter(l -> !l.isBlank()).forEach(l -> System.err.println("NMT " + title + ": " + l));
        } catch (Exception e) {
            System.err.println("NMT " + title + ": unavailable (" + e + ")");
        }
    }
}
