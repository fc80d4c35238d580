package io.llmbatch4j.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The Redis connections of one store: one for commands, one subscribed to the cooldown channel,
 * both made without blocking on first use and again after a failed attempt (Lettuce reconnects an
 * established connection by itself and rejects commands while it is down, so a call fails fast
 * instead of queueing). Every command is bounded by the command timeout.
 */
final class RedisLink {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    private final RedisClient client;
    private final RedisURI uri;
    private final String channel;
    private final BiConsumer<String, String> onMessage;
    private final Duration timeout;
    private @Nullable Mono<RedisReactiveCommands<String, String>> commands;
    private @Nullable StatefulRedisPubSubConnection<String, String> pubSub;
    private @Nullable Disposable listening;
    private boolean closed;

    RedisLink(String redisUri, Duration timeout, String channel, BiConsumer<String, String> onMessage) {
        this.uri = RedisURI.create(redisUri);
        this.uri.setTimeout(timeout);
        this.timeout = timeout;
        this.channel = channel;
        this.onMessage = onMessage;
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout.multipliedBy(4)).build()).build());
    }

    /** The command API, connecting first when needed; fails within the timeout when Redis is unreachable. */
    synchronized Mono<RedisReactiveCommands<String, String>> commands() {
        if (closed) {
            return Mono.error(new IllegalStateException("the Redis quota store is closed"));
        }
        Mono<RedisReactiveCommands<String, String>> c = commands;
        if (c == null) {
            c = Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri))
                    .doOnNext(this::connected)
                    .map(StatefulRedisConnection::reactive)
                    .timeout(timeout.multipliedBy(4))
                    .doOnError(e -> forget())
                    .cache();
            commands = c;
        }
        return c;
    }

    private synchronized void forget() {
        commands = null;
    }

    private void connected(StatefulRedisConnection<String, String> c) {
        boolean close;
        synchronized (this) {
            close = closed;
        }
        if (close) {
            c.closeAsync();
            return;
        }
        listen();
    }

    private void listen() {
        client.connectPubSubAsync(StringCodec.UTF8, uri).whenComplete((ps, e) -> {
            if (e != null) {
                LOG.debug("Redis cooldown channel not subscribed yet: {}", e.toString());
                return;
            }
            synchronized (this) {
                if (closed || pubSub != null) {
                    ps.closeAsync();
                    return;
                }
                pubSub = ps;
                listening = ps.reactive().observeChannels()
                        .subscribe(m -> onMessage.accept(m.getChannel(), m.getMessage()));
            }
            ps.reactive().subscribe(channel).subscribe(null, err -> LOG.debug("SUBSCRIBE failed: {}", err.toString()));
        });
    }

    /** {@return whether the cooldown channel is subscribed} */
    synchronized boolean listening() {
        return pubSub != null && pubSub.isOpen();
    }

    /** Closes both connections and shuts the client down, waiting at most {@code within}. */
    void close(Duration within) {
        Disposable l;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            l = listening;
        }
        if (l != null) {
            l.dispose();
        }
        try {
            client.shutdownAsync(0, within.toMillis(), TimeUnit.MILLISECONDS).get(within.toMillis() + 500,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Redis client shutdown: {}", e.toString());
        }
    }
}
