package io.llmbatch4j.providers;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * One Reactor Netty {@link HttpClient} and connection pool, shared by every chat client built on
 * it. Create one per application (or per process), hand it to each client, and
 * {@linkplain #close() close} it on shutdown: that closes every pooled connection.
 *
 * <p>https base URLs use TLS with the JDK's default trust store; http is accepted for local
 * servers (vLLM, the testkit).
 */
public final class HttpTransport implements AutoCloseable {

    private final TransportConfig config;
    private final ConnectionProvider pool;
    private final HttpClient client;

    private HttpTransport(TransportConfig config) {
        this.config = config;
        this.pool = ConnectionProvider.builder("llmbatch4j")
                .maxConnections(config.maxConnections())
                .pendingAcquireMaxCount(config.pendingAcquireMaxCount())
                .pendingAcquireTimeout(config.pendingAcquireTimeout())
                .maxIdleTime(config.maxIdleTime())
                .build();
        this.client = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.connectTimeout().toMillis()))
                .keepAlive(true);
    }

    /**
     * A transport with its own connection pool.
     *
     * @param config the pool's settings
     * @return the transport; {@link #close()} it on shutdown
     */
    public static HttpTransport create(TransportConfig config) {
        return new HttpTransport(Objects.requireNonNull(config, "config"));
    }

    /**
     * A transport with {@link TransportConfig#defaults()}.
     *
     * @return the transport; {@link #close()} it on shutdown
     */
    public static HttpTransport create() {
        return create(TransportConfig.defaults());
    }

    /** {@return the pool's settings} */
    public TransportConfig config() {
        return config;
    }

    /** {@return the shared client, for clients in this module; its pool is owned by this transport} */
    public HttpClient httpClient() {
        return client;
    }

    /**
     * Closes every pooled connection; completes when they are closed.
     *
     * @return a {@code Mono} completing when every connection is closed
     */
    public Mono<Void> closeAsync() {
        return pool.disposeLater();
    }

    /** Closes every pooled connection, waiting at most 10 seconds; never call it on a Reactor thread. */
    @Override
    public void close() {
        closeAsync().block(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "HttpTransport[" + config + "]";
    }
}
