package io.llmbatch4j.core.internal;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Calls a hook (prepare, cleanup, onError, beforeProcess, afterProcess, onRetry) bounded by
 * {@code ProcessorConfig.hookTimeout}: a hook that has not completed by then is cancelled and
 * fails with a {@link TimeoutException} saying so. What the hook throws is its error
 * ({@link Faults#defer}). The caller names the hook in whatever it reports.
 */
final class HookCalls {

    private final Duration timeout;
    private final Scheduler timer;

    HookCalls(Duration timeout, Scheduler timer) {
        this.timeout = timeout;
        this.timer = timer;
    }

    <X> Mono<X> call(Supplier<? extends Mono<? extends X>> hook) {
        return Faults.<X>defer(hook).timeout(timeout, Mono.error(() -> new TimeoutException(
                "did not complete within " + timeout + " (ProcessorConfig.hookTimeout)")), timer);
    }

    Duration timeout() {
        return timeout;
    }
}
