package org.flotilla.edge.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body kept in memory only up to a cap: a declared {@code Content-Length} over it ends
 * the download before a byte of the body is read, and a body that grows past it (chunked, or
 * longer than declared) is cancelled as soon as it does. Either way the response fails with
 * {@link ArtifactTooLargeException}.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final long cap;
    private final long declared;
    private final String what;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private CappedBody(long cap, long declared, String what) {
        this.cap = cap;
        this.declared = declared;
        this.what = what;
    }

    /** A handler whose bodies stop at {@code cap} bytes; {@code what} names the artifact in the error. */
    static HttpResponse.BodyHandler<byte[]> handler(long cap, String what) {
        return info -> new CappedBody(cap, info.headers().firstValueAsLong("Content-Length").orElse(-1), what);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declared > cap) {
            s.cancel();
            result.completeExceptionally(tooLarge(declared + " bytes declared"));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if (bytes.size() + (long) b.remaining() > cap) {
                subscription.cancel();
                result.completeExceptionally(tooLarge("more than " + cap + " bytes sent"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }

    private ArtifactTooLargeException tooLarge(String seen) {
        return new ArtifactTooLargeException(what + " is larger than the " + cap + " bytes this client accepts for it ("
                + seen + "); it was not downloaded further");
    }
}
