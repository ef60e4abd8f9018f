package org.flotilla.model.bundle.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.flotilla.model.bundle.StopFlag;

/**
 * Reads commands from the host's standard input on a thread of its own, so that a {@code CANCEL}
 * (and the end of input, when the parent goes away) raises the program's stop flag while a task
 * runs. Every other command is queued for the host's main loop.
 */
final class CommandReader {

    private final InputStream in;
    private final StopFlag stop;
    private final BlockingQueue<Optional<HostCommand>> queue = new LinkedBlockingQueue<>();
    private volatile String protocolError;

    CommandReader(InputStream in, StopFlag stop) {
        this.in = in;
        this.stop = stop;
    }

    CommandReader start() {
        Thread.ofPlatform().name("flotilla-host-commands").daemon(true).start(this::run);
        return this;
    }

    /** The next command; empty at the end of input (or after a malformed line). */
    Optional<HostCommand> next() throws InterruptedException {
        return queue.take();
    }

    /** Why reading stopped early, or null after a clean end of input. */
    String protocolError() {
        return protocolError;
    }

    private void run() {
        try {
            for (String line; (line = readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                HostCommand c = HostProtocol.parseCommand(line);
                if (c.op() == HostCommand.Op.CANCEL) {
                    stop.request();
                } else {
                    queue.add(Optional.of(c));
                }
            }
        } catch (IOException | RuntimeException e) {
            protocolError = e.getMessage();
        } finally {
            stop.request();
            queue.add(Optional.empty());
        }
    }

    /** One line of at most {@link HostProtocol#MAX_LINE_BYTES} bytes, or null at the end of input. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= HostProtocol.MAX_LINE_BYTES) {
                throw new IOException("a command line is longer than " + HostProtocol.MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }
}
