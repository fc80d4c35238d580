package io.llmbatch4j.providers.internal;

import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import java.time.Clock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
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
        HttpClient.RequestSender sender = (body == null ? client : client.headers(
                h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))).request(method).uri(path);
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender
                : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
        return receiver.responseSingle((response, content) -> content.asByteArray()
                        .defaultIfEmpty(EMPTY)
                        .map(bytes -> new HttpReply(response.status().code(), response.responseHeaders(), bytes,
                                config.clock().instant())))
                .onErrorMap(e -> !(e instanceof LLMException), this::transportFailure);
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
