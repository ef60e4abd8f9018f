package org.flotilla.simulator;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The virtual clients' HTTP client, timing every call from request to answer (the body read) by the
 * kind of protocol call its path names, as the clients see it. Everything else is the wrapped client's.
 */
final class TimedHttpClient extends HttpClient {

    private final HttpClient http;
    private final Latencies latencies;

    TimedHttpClient(HttpClient http, Latencies latencies) {
        this.http = http;
        this.latencies = latencies;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<T> r = http.send(request, handler);
        latencies.record(Latencies.Call.of(request.method(), request.uri().getPath()), System.nanoTime() - start);
        return r;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        long start = System.nanoTime();
        Latencies.Call call = Latencies.Call.of(request.method(), request.uri().getPath());
        return http.sendAsync(request, handler).whenComplete((r, e) -> {
            if (r != null) {
                latencies.record(call, System.nanoTime() - start);
            }
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return http.sendAsync(request, handler, push);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return http.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return http.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return http.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return http.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return http.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return http.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return http.authenticator();
    }

    @Override
    public Version version() {
        return http.version();
    }

    @Override
    public Optional<Executor> executor() {
        return http.executor();
    }

    @Override
    public void shutdownNow() {
        http.shutdownNow();
    }
}
