package io.llmbatch4j.providers.internal;

import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;

/**
 * One JSON HTTP exchange with a provider: sets the configured and the auth headers, sends the
 * body, reads the whole answer. Connection failures, timeouts and pool exhaustion become
 * {@link TransientProviderException}s with the provider's name and no secret; HTTP error
 * statuses are returned as {@link HttpReply}s for the provider's own mapping.
 */
public final class JsonExchange {

    private static final byte[] EMPTY = new byte[0];
    private static final String USER_AGENT = "llmbatch4j/0.1";

    private final HttpClient client;
    /** {@link #client} with the JSON content type; made once, as deriving a client copies its configuration. */
    private final HttpClient jsonClient;
    private final ProviderConfig config;
    private final Redactor redactor;

    /** @param auth sets the provider's authentication headers on every request */
    public JsonExchange(HttpTransport transport, ProviderConfig config, Consumer<HttpHeaders> auth) {
        this.config = config;
        this.redactor = new Redactor(config.apiKey());
        this.client = transport.httpClient()
                .baseUrl(config.baseUrl())
                .responseTimeout(config.requestTimeout())
                .headers(h -> {
                    h.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
                    h.set(HttpHeaderNames.ACCEPT, "application/json");
                    config.extraHeaders().forEach(h::set);
                    auth.accept(h);
                });
        this.jsonClient = client.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
    }

    public Redactor redactor() {
        return redactor;
    }

    public Clock clock() {
        return config.clock();
    }

    /**
     * Sends one request; lazy, one exchange per subscription, cancellation closes it.
     *
     * @param path the path and query after the base URL, e.g. {@code /v1/chat/completions}
     * @param body the JSON body, or null for none
     */
    public Mono<HttpReply> send(HttpMethod method, String path, byte @Nullable [] body) {
        HttpClient.RequestSender sender = (body == null ? client : jsonClient).request(method).uri(path);
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender
                : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
        return receiver.responseSingle((response, content) -> content.asByteArray()
                        .defaultIfEmpty(EMPTY)
                        .map(bytes -> reply(response.status().code(), response.responseHeaders(), bytes)))
                .onErrorMap(e -> !(e instanceof LLMException), this::transportFailure);
    }

    /**
     * Sends a streamed body of known length (a multipart upload read from a file), so the body is
     * never held in memory whole; lazy, one exchange per subscription.
     */
    public Mono<HttpReply> sendStream(HttpMethod method, String path, String contentType, long contentLength,
            Publisher<ByteBuf> body) {
        return client.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, contentType)
                        .set(HttpHeaderNames.CONTENT_LENGTH, contentLength))
                .request(method).uri(path).send(body)
                .responseSingle((response, content) -> content.asByteArray()
                        .defaultIfEmpty(EMPTY)
                        .map(bytes -> reply(response.status().code(), response.responseHeaders(), bytes)))
                .onErrorMap(e -> !(e instanceof LLMException), this::transportFailure);
    }

    /**
     * Streams a successful answer's body into {@code target} (created or truncated) with the
     * writes off the event loop, so a large results file never sits in memory; the returned reply
     * has an empty body. An error status is returned with its (small) body read whole, and
     * {@code target} left empty. Lazy, one exchange per subscription.
     */
    public Mono<HttpReply> download(String path, Path target) {
        return client.headers(h -> h.set(HttpHeaderNames.ACCEPT, "*/*")).get().uri(path)
                .response((response, content) -> {
                    int status = response.status().code();
                    if (status < 200 || status >= 300) {
                        return content.aggregate().asByteArray().defaultIfEmpty(EMPTY)
                                .map(bytes -> reply(status, response.responseHeaders(), bytes));
                    }
                    return Mono.using(() -> FileChannel.open(target, StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                            channel -> content.asByteArray()
                                    .publishOn(Schedulers.boundedElastic())
                                    .doOnNext(bytes -> write(channel, bytes))
                                    .then(Mono.fromSupplier(() -> reply(status, response.responseHeaders(), EMPTY))),
                            JsonExchange::closeQuietly);
                })
                .single()
                .onErrorMap(e -> !(e instanceof LLMException), this::transportFailure);
    }

    private HttpReply reply(int status, HttpHeaders headers, byte[] body) {
        return new HttpReply(status, headers, body, config.clock().instant());
    }

    private static void write(FileChannel channel, byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the download already failed or completed; nothing to add
        }
    }

    private Throwable transportFailure(Throwable e) {
        String what;
        if (e instanceof ReadTimeoutException) {
            what = "no response within " + config.requestTimeout();
        } else if (e instanceof PrematureCloseException) {
            what = "connection closed before the response was complete";
        } else {
            what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new TransientProviderException(config.provider() + ": " + redactor.clean(what), 0, e);
    }
}
