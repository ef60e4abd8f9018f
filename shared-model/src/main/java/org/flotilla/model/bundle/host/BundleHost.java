package org.flotilla.model.bundle.host;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

import org.flotilla.datasets.LocalData;
import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.bundle.EvalRequest;
import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.bundle.ModelInfo;
import org.flotilla.model.bundle.ProgramContext;
import org.flotilla.model.bundle.RoundResult;
import org.flotilla.model.bundle.Settings;
import org.flotilla.model.bundle.StopFlag;
import org.flotilla.model.bundle.TrainRequest;
import org.flotilla.model.bundle.TrainingProgram;
import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.WeightsCodec;

/**
 * The main class of a bundle's child JVM: opens the local data with Flotilla's readers, loads the
 * manifest's entry class, builds the program, then runs the parent's commands one by one (see the
 * package documentation for the protocol). Every failure of the program becomes a {@code FAILED}
 * line with a reason; the parent decides what to do with the session.
 *
 * <p>The program's own {@code System.out} is redirected to standard error, so its prints cannot be
 * mistaken for control lines (a program that writes to the file descriptor itself can forge them;
 * the parent checks every answer against the files and limits it set).
 */
public final class BundleHost {

    /** Sub-directory of the working directory given to the program as scratch space. */
    public static final String SCRATCH = "scratch";

    private final Path dir;
    private final String nonce;
    private final PrintStream control;
    private final InputStream commands;

    BundleHost(Path dir, String nonce, PrintStream control, InputStream commands) {
        this.dir = dir;
        this.nonce = nonce;
        this.control = control;
        this.commands = commands;
    }

    /** Entry point: {@code BundleHost <nonce>}, in the working directory holding {@code session.json}. */
    public static void main(String[] args) {
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("BundleHost: started by the edge client with the session's nonce as its one argument");
            System.exit(2);
        }
        PrintStream control = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        int code = new BundleHost(Path.of("").toAbsolutePath(), args[0], control, System.in).run();
        System.exit(code);   // ends any thread the program left running
    }

    /** Runs the session to the end of the command input; 0 after a clean end, 2 when it could not start. */
    int run() {
        double jvmSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        emit(HostEvent.started());
        SessionSpec session;
        try {
            session = HostProtocol.parseSession(readBounded(dir.resolve(HostProtocol.SESSION_FILE)));
            session.manifest().requireSupportedSpi();
        } catch (IOException | RuntimeException e) {
            emit(HostEvent.failed(null, HostFailure.SESSION_INVALID, describe(e)));
            return 2;
        }
        long t0 = System.nanoTime();
        LocalData data;
        try {
            data = LocalData.open(session.dataSpec(), LocalData.Options.defaults()
                    .withHeldOutFraction(session.heldOutFraction()).withSeed(session.dataSeed()));
        } catch (RuntimeException e) {
            emit(HostEvent.failed(null, HostFailure.DATA_UNREADABLE, describe(e)));
            return 2;
        }
        long t1 = System.nanoTime();
        StopFlag stop = new StopFlag();
        TrainingProgram program;
        ProgramContext context;
        ModelInfo model;
        try {
            program = load(session.manifest());
        } catch (IncompatibleProgram e) {
            emit(HostEvent.failed(null, HostFailure.INCOMPATIBLE, e.getMessage()));
            return 2;
        } catch (Throwable t) {
            emit(HostEvent.failed(null, classify(t), describe(t)));
            return 2;
        }
        try {
            context = new ProgramContext(session.manifest(), data.train(), data.heldOut().orElse(null), session.workers(),
                    session.seed(), new Settings(session.settings()), stop,
                    Files.createDirectories(dir.resolve(SCRATCH)));
            model = program.build(context);
        } catch (Throwable t) {
            t.printStackTrace(System.err);
            emit(HostEvent.failed(null, classify(t), "build: " + describe(t)));
            closeQuietly(program);
            return 2;
        }
        long t2 = System.nanoTime();
        emit(HostEvent.ready(model.parameterCount(), model.description(),
                Map.of("jvm", jvmSeconds, "data", (t1 - t0) / 1e9, "build", (t2 - t1) / 1e9)));
        CommandReader reader = new CommandReader(commands, stop).start();
        try {
            for (Optional<HostCommand> c; (c = reader.next()).isPresent(); ) {
                emit(execute(c.get(), program, context, model, stop));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(program);
        }
        return 0;
    }

    private HostEvent execute(HostCommand c, TrainingProgram program, ProgramContext context, ModelInfo model,
                              StopFlag stop) {
        long start = System.nanoTime();
        int count = model.parameterCount();
        try {
            switch (c.op()) {
                case TRAIN -> {
                    float[] global = readWeights(c.input(), count);
                    RoundResult r = program.train(context, new TrainRequest(c.round(), global, new Settings(c.settings())));
                    if (stop.isRequested()) {
                        return HostEvent.failed(c.task(), HostFailure.STOPPED, "stopped before the round ended");
                    }
                    if (r.parameters().length != count) {
                        return HostEvent.failed(c.task(), HostFailure.WRONG_ELEMENT_COUNT, "the program returned "
                                + r.parameters().length + " parameters, its model has " + count);
                    }
                    if (r.examples() > context.train().size()) {
                        return HostEvent.failed(c.task(), HostFailure.PROGRAM_FAILED, "the program claims "
                                + r.examples() + " training examples, the device has " + context.train().size());
                    }
                    writeWeights(c.output(), r.parameters());
                    return HostEvent.trained(c.task(), r.examples(), r.metrics(), (System.nanoTime() - start) / 1e9);
                }
                case EVALUATE -> {
                    if (context.heldOut().isEmpty()) {
                        return HostEvent.failed(c.task(), HostFailure.NO_HELD_OUT_DATA, "the device keeps no held-out examples");
                    }
                    float[] weights = readWeights(c.input(), count);
                    Evaluation e = program.evaluate(context, new EvalRequest(c.round(), weights, new Settings(c.settings())));
                    if (stop.isRequested()) {
                        return HostEvent.failed(c.task(), HostFailure.STOPPED, "stopped before the evaluation ended");
                    }
                    return HostEvent.evaluated(c.task(), e, (System.nanoTime() - start) / 1e9);
                }
                case INIT -> {
                    writeWeights(c.output(), model.initialParameters());
                    return HostEvent.initialised(c.task(), count);
                }
                default -> {
                    return HostEvent.failed(c.task(), HostFailure.SESSION_INVALID, "unexpected command " + c.op());
                }
            }
        } catch (BadInput e) {
            return HostEvent.failed(c.task(), HostFailure.BAD_INPUT, e.getMessage());
        } catch (CodecException e) {
            return HostEvent.failed(c.task(), HostFailure.PROGRAM_FAILED, "the program's parameters cannot be written: "
                    + e.getMessage());
        } catch (Throwable t) {
            t.printStackTrace(System.err);   // for the bundle's developer: the parent keeps the end of it
            return HostEvent.failed(c.task(), stop.isRequested() ? HostFailure.STOPPED : classify(t), describe(t));
        }
    }

    private float[] readWeights(String name, int count) {
        try {
            return WeightsCodec.read(dir.resolve(name), count);
        } catch (IOException | CodecException e) {
            throw new BadInput(name + ": " + e.getMessage());
        }
    }

    /** Written to a temporary name and renamed, so the parent never sees half a file from the host. */
    private void writeWeights(String name, float[] values) throws IOException {
        Path target = dir.resolve(name);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            WeightsCodec.write(values, out);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static TrainingProgram load(BundleManifest manifest) throws Exception {
        Class<?> type;
        try {
            type = Class.forName(manifest.entryClass(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IncompatibleProgram("entry class " + manifest.entryClass() + " is not in the bundle");
        } catch (LinkageError e) {
            throw new IncompatibleProgram("entry class " + manifest.entryClass() + " cannot be loaded: " + describe(e));
        }
        if (!TrainingProgram.class.isAssignableFrom(type)) {
            throw new IncompatibleProgram("entry class " + manifest.entryClass() + " does not implement "
                    + TrainingProgram.class.getName());
        }
        try {
            return (TrainingProgram) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new IncompatibleProgram("entry class " + manifest.entryClass()
                    + " needs a public no-argument constructor and must not be abstract");
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
        }
    }

    static HostFailure classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return HostFailure.OUT_OF_MEMORY;
            }
            if (c instanceof org.flotilla.model.bundle.SettingException) {
                return HostFailure.SETTINGS_INVALID;
            }
        }
        return HostFailure.PROGRAM_FAILED;
    }

    /**
     * Class, first line of the message and the throwing frame: enough to find the bug, one line. A
     * setting out of range is the job's fault, not the program's: its message alone says which.
     */
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.flotilla.model.bundle.SettingException) {
                return c.getMessage();
            }
        }
        String m = t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("");
        StackTraceElement[] frames = t.getStackTrace();
        String at = frames.length == 0 ? "" : " (at " + frames[0] + ")";
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root == t ? "" : "; caused by " + root.getClass().getName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse(""));
        String s = t.getClass().getName() + m + at + cause;
        return s.length() <= HostProtocol.MAX_MESSAGE_CHARS ? s : s.substring(0, HostProtocol.MAX_MESSAGE_CHARS);
    }

    private void emit(HostEvent event) {
        control.println(HostProtocol.controlLine(nonce, event));
        control.flush();
    }

    private static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HostProtocol.MAX_SESSION_BYTES + 1);
        }
    }

    private static void closeQuietly(TrainingProgram program) {
        try {
            program.close();
        } catch (Throwable ignored) {
            // the session is over; the process exits next
        }
    }

    /** The entry class cannot be used as a program. */
    private static final class IncompatibleProgram extends Exception {
        IncompatibleProgram(String message) {
            super(message);
        }
    }

    /** An input file of a command cannot be read. */
    private static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }
}
