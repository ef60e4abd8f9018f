package org.flotilla.coordinator.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client library sends: a body of any
 * length generated on the fly from one reused buffer (never allocated whole), declared or chunked,
 * and the answer read while the body is still being written, so a server that answers early and
 * closes the connection is seen doing so.
 */
final class RawHttp {

    /** What came back, and how many body bytes the server let through before it answered or closed. */
    record Answer(int status, String head, String body, long bodyBytesSent) {
    }

    private RawHttp() {
    }

    /**
     * Sends {@code method path} with {@code headers} (CRLF-separated lines) and a body of
     * {@code bodyBytes} spaces (JSON whitespace, so a parser keeps reading): with a
     * {@code Content-Length} when {@code declared}, chunked otherwise.
     */
    static Answer send(int port, String method, String path, String headers, long bodyBytes, boolean declared)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers
                    + (declared ? "Content-Length: " + bodyBytes : "Transfer-Encoding: chunked") + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            AtomicBoolean answered = new AtomicBoolean();
            InputStream in = socket.getInputStream();
            CompletableFuture<byte[]> response = CompletableFuture.supplyAsync(() -> readAnswer(in, answered));
            long sent = writeBody(out, bodyBytes, declared, answered);
            byte[] raw = response.get(60, TimeUnit.SECONDS);
            String text = new String(raw, StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String responseHead = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = responseHead.length() >= 12 ? Integer.parseInt(responseHead.substring(9, 12)) : -1;
            return new Answer(status, responseHead, body, sent);
        }
    }

    private static long writeBody(OutputStream out, long bodyBytes, boolean declared, AtomicBoolean answered) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
        long sent = 0;
        try {
            while (sent < bodyBytes && !answered.get()) {
                int n = (int) Math.min(chunk.length, bodyBytes - sent);
                if (declared) {
                    out.write(chunk, 0, n);
                } else {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk, 0, n);
                    out.write(crlf);
                }
                sent += n;
            }
            if (!declared && !answered.get()) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
        } catch (IOException closedByServer) {
            // The server answered and closed the connection: what matters is how much it took.
        }
        return sent;
    }

    /** Reads until the server closes the connection or the answer's declared body is complete. */
    private static byte[] readAnswer(InputStream in, AtomicBoolean answered) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                got.write(buffer, 0, n);
                answered.set(true);
                if (complete(got.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (IOException reset) {
            // a reset after the answer: keep what arrived
        }
        answered.set(true);
        return got.toByteArray();
    }

    private static boolean complete(String text) {
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            return false;
        }
        String head = text.substring(0, split).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at >= 0) {
            int end = head.indexOf("\r\n", at);
            long length = Long.parseLong(head.substring(at + 15, end < 0 ? head.length() : end).strip());
            return text.length() - split - 4 >= length;
        }
        return head.contains("transfer-encoding: chunked") && text.endsWith("0\r\n\r\n");
    }
}
