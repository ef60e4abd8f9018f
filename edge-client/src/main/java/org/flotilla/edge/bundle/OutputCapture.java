package org.flotilla.edge.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.flotilla.model.bundle.host.HostEvent;
import org.flotilla.model.bundle.host.HostProtocol;

/**
 * Drains a child's standard output and error on two threads, so the child never blocks on a full
 * pipe, and bounds what is kept: control lines of the session (at most
 * {@link HostProtocol#MAX_LINE_BYTES} each) become events, everything else feeds a small tail for
 * diagnosis and a byte count; past the session's output limit the capture reports an overflow (the
 * session then kills the child).
 */
final class OutputCapture {

    /** What the session's waiter is woken with. */
    sealed interface Item {
        record Event(HostEvent event) implements Item {
        }

        record Malformed(String why) implements Item {
        }

        record Overflow(long limit) implements Item {
        }

        record Closed() implements Item {
        }
    }

    private static final String OOM_MARKER = "Terminating due to java.lang.OutOfMemoryError";

    private final String nonce;
    private final long limit;
    private final Tail stdoutTail;
    private final Tail stderrTail;
    private final AtomicLong total = new AtomicLong();
    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private volatile boolean outOfMemory;
    private volatile boolean overflowed;

    OutputCapture(String nonce, long limit, int tailBytes) {
        this.nonce = nonce;
        this.limit = limit;
        this.stdoutTail = new Tail(tailBytes);
        this.stderrTail = new Tail(tailBytes);
    }

    void start(Process process) {
        Thread.ofPlatform().name("bundle-stdout").daemon(true).start(() -> readLines(process.getInputStream()));
        Thread.ofPlatform().name("bundle-stderr").daemon(true).start(() -> drain(process.getErrorStream()));
    }

    /** The next item, or empty after {@code millis}. */
    Optional<Item> poll(long millis) throws InterruptedException {
        return Optional.ofNullable(items.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /** Whether the JVM reported running out of heap ({@code -XX:+ExitOnOutOfMemoryError}'s line). */
    boolean outOfMemory() {
        return outOfMemory;
    }

    /** The end of what the child printed: standard error, then standard output. */
    String tail() {
        String err = stderrTail.text();
        String out = stdoutTail.text();
        return (err.isEmpty() ? "" : err) + (out.isEmpty() ? "" : (err.isEmpty() ? "" : "\n") + out);
    }

    private void readLines(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean truncated = false;
        byte[] buf = new byte[8192];
        try (in) {
            for (int r; (r = in.read(buf)) > 0; ) {
                count(r);
                for (int i = 0; i < r; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        if (!truncated) {
                            onLine(line.toString(StandardCharsets.UTF_8));
                        }
                        line.reset();
                        truncated = false;
                    } else if (line.size() < HostProtocol.MAX_LINE_BYTES) {
                        line.write(b);
                    } else if (!truncated) {
                        truncated = true;   // too long to be a control line: it is output, kept in the tail
                        stdoutTail.add(line.toByteArray());
                        stdoutTail.add("…\n".getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            if (line.size() > 0 && !truncated) {
                onLine(line.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the pipe closed: the child is gone
        } finally {
            items.add(new Item.Closed());
        }
    }

    private void onLine(String line) {
        try {
            Optional<HostEvent> e = HostProtocol.parseControlLine(nonce, line);
            if (e.isPresent()) {
                items.add(new Item.Event(e.get()));
                return;
            }
        } catch (IllegalArgumentException e) {
            items.add(new Item.Malformed(e.getMessage()));
            return;
        }
        if (line.startsWith(OOM_MARKER)) {
            outOfMemory = true;
        }
        stdoutTail.add((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int r; (r = in.read(buf)) > 0; ) {
                count(r);
                stderrTail.add(java.util.Arrays.copyOf(buf, r));
            }
        } catch (IOException e) {
            // the pipe closed
        }
    }

    private void count(int bytes) {
        long t = total.addAndGet(bytes);
        if (t > limit && !overflowed) {
            overflowed = true;
            items.add(new Item.Overflow(limit));
        }
    }

    /** The last {@code capacity} bytes written to it. */
    static final class Tail {
        private final byte[] ring;
        private long written;

        Tail(int capacity) {
            ring = new byte[capacity];
        }

        synchronized void add(byte[] bytes) {
            for (byte b : bytes) {
                ring[(int) (written++ % ring.length)] = b;
            }
        }

        synchronized String text() {
            int n = (int) Math.min(written, ring.length);
            byte[] out = new byte[n];
            int start = (int) ((written - n) % ring.length);
            for (int i = 0; i < n; i++) {
                out[i] = ring[(start + i) % ring.length];
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        }
    }
}
