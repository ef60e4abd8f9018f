package org.flotilla.model.bundle.host;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One command line on the host's standard input.
 *
 * @param op       what to do
 * @param task     the task's id, echoed in the answer: 1–32 of {@code a-z 0-9 -}
 * @param round    the round number (TRAIN, EVALUATE)
 * @param input    parameters file to read, relative to the working directory (TRAIN, EVALUATE)
 * @param output   parameters file to write, relative to the working directory (TRAIN, INIT)
 * @param settings the round's settings (TRAIN, EVALUATE)
 */
public record HostCommand(Op op, String task, int round, String input, String output, Map<String, Double> settings) {

    /** The commands. */
    public enum Op {
        /** Train one round: read {@code input}, write the trained parameters to {@code output}. */
        TRAIN,
        /** Evaluate the parameters in {@code input} on the held-out data. */
        EVALUATE,
        /** Write the program's initial parameters to {@code output}. */
        INIT,
        /** Raise the program's stop flag (the running task ends as {@code STOPPED}). */
        CANCEL
    }

    private static final Pattern TASK = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,63})?");

    public HostCommand {
        if (op == null || task == null || !TASK.matcher(task).matches()) {
            throw new IllegalArgumentException("a command needs an op and a task id of 1-32 [a-z0-9-]");
        }
        for (String f : new String[] {input, output}) {
            if (f != null && (!FILE.matcher(f).matches() || f.contains(".."))) {
                throw new IllegalArgumentException("file name '" + f + "' must be relative, without '..'");
            }
        }
        boolean needsInput = op == Op.TRAIN || op == Op.EVALUATE;
        if (needsInput && input == null || (op == Op.TRAIN || op == Op.INIT) && output == null) {
            throw new IllegalArgumentException(op + " is missing its input or output file");
        }
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
    }
}
