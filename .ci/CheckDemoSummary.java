import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CI's check of the demo smoke run: reads the JSON that {@code ./flotilla demo --summary FILE}
 * writes and fails (exit 1, one line) unless it lists the expected number of rounds and its
 * {@code finalTestAccuracy} is at least the floor. Plain Java (a single-file program, run with
 * {@code java .ci/CheckDemoSummary.java FILE ROUNDS FLOOR}), because a fresh machine has a JDK
 * but not necessarily python3 or jq; the summary's fields are flat numbers, so a pattern reads
 * them exactly.
 */
public class CheckDemoSummary {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            fail("usage: java .ci/CheckDemoSummary.java SUMMARY.json ROUNDS MIN_ACCURACY");
        }
        Path file = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        double floor = Double.parseDouble(args[2]);
        if (!Files.isRegularFile(file)) {
            fail("the demo wrote no summary at " + file);
        }
        String json = Files.readString(file);
        long listed = Pattern.compile("\"round\"\\s*:\\s*\\d+").matcher(json).results().count();
        if (listed != rounds) {
            fail(file + " lists " + listed + " rounds, expected " + rounds);
        }
        Matcher m = Pattern.compile("\"finalTestAccuracy\"\\s*:\\s*([-+0-9.eE]+|null)").matcher(json);
        if (!m.find()) {
            fail(file + " has no finalTestAccuracy");
        }
        if (m.group(1).equals("null")) {
            fail("the demo's final test accuracy is missing (null) in " + file);
        }
        double accuracy = Double.parseDouble(m.group(1));
        if (!(accuracy >= floor)) {
            fail(String.format(Locale.ROOT, "the demo's final test accuracy %.4f is below %.2f (%s)", accuracy, floor, file));
        }
        System.out.printf(Locale.ROOT, "demo smoke: %d rounds, final test accuracy %.4f >= %.2f%n", listed, accuracy, floor);
    }

    private static void fail(String message) {
        System.err.println("demo smoke: " + message);
        System.exit(1);
    }
}
