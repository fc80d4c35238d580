package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.StrategyPreparationException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One run's strategy lifecycle: {@code prepare()} once per distinct instance (one small lock per
 * instance, taken only on first sight and while it prepares), its failure remembered, and
 * {@code cleanup()} once per strategy whose prepare was started and did not fail. Both hooks are
 * bounded by the hook timeout: a {@code prepare()} past it fails, a {@code cleanup()} past it is
 * logged and abandoned.
 */
final class StrategyLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StrategyLifecycle.class);

    private final HookCalls hooks;
    private final Map<LLMCallStrategy<?>, PreparedStrategy> byStrategy = new IdentityHashMap<>();
    private volatile @Nullable PreparedStrategy last;
    private boolean closed;
    /** The strategy whose cleanup() runs, for a report of what a close abandoned. */
    private volatile @Nullable String cleaning;

    StrategyLifecycle(HookCalls hooks) {
        this.hooks = hooks;
    }

    /**
     * Empty {@code Mono} when the strategy is ready, or one that completes when its prepare does
     * and fails with {@link StrategyPreparationException} when it failed.
     */
    Mono<Void> ensurePrepared(LLMCallStrategy<?> strategy) {
        PreparedStrategy p = last;
        if (p == null || p.strategy != strategy) {
            p = lookup(strategy);
            last = p;
        }
        return p.await();
    }

    /** True when {@code strategy} is known to be ready: the caller may skip {@link #ensurePrepared}. */
    boolean isReady(LLMCallStrategy<?> strategy) {
        PreparedStrategy p = last;
        return p != null && p.strategy == strategy && p.isReady();
    }

    private PreparedStrategy lookup(LLMCallStrategy<?> strategy) {
        synchronized (byStrategy) {
            if (closed) {
                throw new IllegalStateException("run already ended");
            }
            return byStrategy.computeIfAbsent(strategy, s -> new PreparedStrategy(s, hooks));
        }
    }

    /** The class of the strategy whose {@code cleanup()} is running, or null. */
    @Nullable String cleaning() {
        return cleaning;
    }

    /** Cleans up every strategy that needs it, one after another; errors are logged. */
    Mono<Void> cleanupAll() {
        return Mono.defer(() -> {
            List<PreparedStrategy> all;
            synchronized (byStrategy) {
                closed = true;
                all = new ArrayList<>(byStrategy.values());
            }
            return Flux.fromIterable(all).concatMap(p -> p.cleanup()
                    .doOnSubscribe(s -> cleaning = p.strategy.getClass().getName())
                    .onErrorResume(e -> {
                        LOG.warn("cleanup() of {} failed: {}", p.strategy.getClass().getName(), Faults.messageOf(e), e);
                        return Mono.empty();
                    })).then().doFinally(s -> cleaning = null);
        });
    }

    /** One strategy's state. */
    static final class PreparedStrategy {
        private final LLMCallStrategy<?> strategy;
        private final HookCalls hooks;
        private final reactor.core.publisher.Sinks.Empty<Void> done = reactor.core.publisher.Sinks.empty();
        private final Object lock = new Object();
        private boolean started;
        private boolean cleaned;
        private volatile boolean ready;
        private volatile @Nullable Throwable failure;
        private reactor.core.@Nullable Disposable preparing;

        PreparedStrategy(LLMCallStrategy<?> strategy, HookCalls hooks) {
            this.strategy = strategy;
            this.hooks = hooks;
        }

        boolean isReady() {
            return ready;
        }

        Mono<Void> await() {
            if (ready) {
                return Mono.empty();
            }
            Throwable f = failure;
            if (f != null) {
                return Mono.error(failed(f));
            }
            synchronized (lock) {
                if (!started) {
                    started = true;
                    // subscribed here, detached from the item that got here first: prepare runs once
                    // for all items and is not cancelled with that one item (cleanup disposes it)
                    preparing = hooks.<Void>call(strategy::prepare).subscribe(null, this::onFailure, this::onReady);
                }
            }
            return done.asMono().onErrorMap(this::failed);
        }

        private void onReady() {
            ready = true;
            done.tryEmitEmpty();
        }

        private void onFailure(Throwable e) {
            failure = e;
            done.tryEmitError(e);
        }

        private StrategyPreparationException failed(Throwable cause) {
            return new StrategyPreparationException("prepare() of " + strategy.getClass().getName()
                    + " failed: " + Faults.messageOf(cause), cause);
        }

        Mono<Void> cleanup() {
            synchronized (lock) {
                if (cleaned || !started || failure != null) {
                    return Mono.empty();
                }
                cleaned = true;
                if (preparing != null && !ready) {
                    preparing.dispose();
                    done.tryEmitError(new java.util.concurrent.CancellationException("run ended during prepare()"));
                }
            }
            return hooks.<Void>call(strategy::cleanup);
        }
    }
}
