package io.llmbatch4j.testkit;

import io.llmbatch4j.testkit.internal.FakeHandler;
import io.llmbatch4j.testkit.internal.ServerState;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A fake LLM provider on 127.0.0.1 (never any other address) that speaks three wire formats:
 * OpenAI {@code POST /v1/chat/completions}, Anthropic {@code POST /v1/messages}, Gemini
 * {@code POST /v1beta/models/{model}:generateContent} and {@code /v1beta/cachedContents}. Point a
 * client's base URL at {@link #baseUrl()} and use the keys of the {@link FakeServerConfig}.
 *
 * <p>Per request, in this order: the request is recorded; the provider's key header is checked
 * (its own 401/400/403 body when wrong); the body is validated, including model rules such as the
 * OpenAI reasoning models' parameter restrictions (the provider's 400 body); the answer is made and
 * its tokens counted; the quota of the key is charged (429 with the provider's retry hints when
 * exhausted); a fault may be drawn; caches are updated; the latency is waited; the answer is sent.
 *
 * <p>Tokens are estimated as one per started 4 characters of text (at least 1); a prompt is the
 * concatenation of {@code role + "\n" + text + "\n"} over its messages or blocks.
 *
 * <p>Determinism: every random choice depends only on the seed, the request's method, path and body,
 * and how many times this server has seen that exact request before. So two servers with the same
 * seed answer the same request sequence identically, while a retried body draws its faults anew.
 *
 * <p>Thread-safe. {@link #close()} closes every connection (hanging ones too), the event loops and
 * the latency timer; it is idempotent.
 */
public final class FakeLlmServer implements AutoCloseable {

    /** The only address the server binds. */
    public static final String HOST = "127.0.0.1";

    private final ServerState state;
    private final LoopResources loops;
    private final Scheduler timer;
    private final DisposableServer server;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeLlmServer(FakeServerConfig config) {
        this.state = new ServerState(config);
        this.loops = LoopResources.create("fake-llm", 1, 2, true);
        this.timer = Schedulers.newSingle("fake-llm-timer", true);
        FakeHandler handler = new FakeHandler(state, timer);
        try {
            this.server = HttpServer.create().host(HOST).port(config.port()).runOn(loops)
                    // once per channel: doOnConnection runs per request on a keep-alive channel and
                    // its onDispose only fires when the channel closes, so tracking there leaks
                    .doOnChannelInit((observer, channel, remote) -> {
                        channels.add(channel);
                        channel.closeFuture().addListener(f -> channels.remove(channel));
                    })
                    .handle(handler::handle).bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            timer.dispose();
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block();
            throw e;
        }
    }

    /**
     * Starts a server with {@code config}; binds 127.0.0.1 on {@code config.port()} (0 = a free port).
     *
     * @param config the server's settings
     * @return the running server; {@link #close()} it
     */
    public static FakeLlmServer start(FakeServerConfig config) {
        return new FakeLlmServer(Objects.requireNonNull(config, "config"));
    }

    /**
     * Starts a server with {@link FakeServerConfig#defaults()}.
     *
     * @return the running server; {@link #close()} it
     */
    public static FakeLlmServer start() {
        return start(FakeServerConfig.defaults());
    }

    /** {@return the server's address, e.g. {@code http://127.0.0.1:41234}, without a trailing slash} */
    public String baseUrl() {
        return "http://" + HOST + ":" + port();
    }

    /**
     * Hands this server's {@link #baseUrl()} and the key it accepts for {@code provider} to a client's
     * configuration, in one call. With the provider clients of llmbatch4j:
     *
     * <pre>{@code
     * ProviderConfig config = fake.endpoint(Provider.OPENAI, ProviderConfig.openAi()::endpoint).build();
     * }</pre>
     *
     * <p>The testkit shares no code with the clients it checks (it implements the wire formats on
     * its own), so it hands over the two strings rather than building their configuration. The key
     * is the current {@link #config()}'s.
     *
     * @param provider whose key to hand over
     * @param configure takes the base URL and the key, in that order
     * @param <T> what {@code configure} makes of them (e.g. a {@code ProviderConfig.Builder})
     * @return what {@code configure} returned
     */
    public <T> T endpoint(Provider provider, BiFunction<String, String, T> configure) {
        Objects.requireNonNull(provider, "provider");
        return Objects.requireNonNull(configure, "configure").apply(baseUrl(), state.config().apiKey(provider));
    }

    /** {@return the port the server is bound to on 127.0.0.1} */
    public int port() {
        return server.port();
    }

    /** {@return the settings in force (the latest {@link #reconfigure} ones)} */
    public FakeServerConfig config() {
        return state.config();
    }

    /**
     * Replaces the config while running: keys, seed, latency, quota, faults and model behaviour
     * apply to the next request (a changed quota starts fresh windows). The port cannot change.
     *
     * @param config the new settings; its port is ignored
     */
    public void reconfigure(FakeServerConfig config) {
        state.reconfigure(Objects.requireNonNull(config, "config"));
    }

    /**
     * {@return a snapshot of the request log in arrival order (the newest {@code requestLogLimit} requests)}
     */
    public List<RecordedRequest> requests() {
        return state.requests();
    }

    /** Empties the request log (not the quotas, caches or attempt counts). */
    public void clearRequests() {
        state.clearRequests();
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        channels.forEach(Channel::close);
        server.disposeNow(Duration.ofSeconds(5));
        timer.dispose();
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "FakeLlmServer[" + (closed.get() ? "closed" : baseUrl()) + "]";
    }
}
