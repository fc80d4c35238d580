package io.llmbatch4j.spring.boot;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Graceful shutdown of the shared pool: stop admitting, wait (without blocking a thread) until no call is
 * pending or {@code drainTimeout} passed, then close the pool (cancelling what is left) and the transport.
 * Its phase is below the web server's graceful-shutdown phase, so requests in flight finish their calls first.
 */
final class PoolLifecycle implements SmartLifecycle {

    /** After the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}), before it stops ({@code - 2048}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

    private static final Logger LOG = LoggerFactory.getLogger(PoolLifecycle.class);
    private static final Duration POLL = Duration.ofMillis(10);

    private final LlmCalls calls;
    private final Duration drainTimeout;
    private volatile boolean running;

    PoolLifecycle(LlmCalls calls, Duration drainTimeout) {
        this.calls = calls;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        stop(() -> {});
    }

    @Override
    public void stop(Runnable callback) {
        calls.stopAdmitting();
        drain().then(calls.pool().closeAsync()).onErrorResume(e -> {
            LOG.warn("closing the llmbatch4j pool failed", e);
            return Mono.empty();
        }).doFinally(s -> {
            running = false;
            callback.run();
        }).subscribe();
    }

    /** Completes when nothing is pending, or after the drain timeout (logging what is cut). */
    Mono<Void> drain() {
        return Flux.interval(Duration.ZERO, POLL).filter(t -> calls.pool().pending() == 0).next().then()
                .timeout(drainTimeout, Mono.fromRunnable(() -> LOG.warn(
                        "llmbatch4j pool: {} calls still pending after {}, cancelling them", calls.pool().pending(),
                        drainTimeout)));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
