package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.CallRejectedException;
import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.ProcessorStats;
import io.llmbatch4j.core.RunOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The call pool's side of the {@link Engine}: one engine, one long-lived shared run; each call is
 * an {@link Item} of that run, so calls share the worker gate, the cooldown, retries,
 * observers and counters exactly as a batch's items do. Bounds pending calls; a call not admitted
 * within the submit timeout ends as {@link ErrorKind#REJECTED}.
 */
public final class PoolCore {

    private final Engine<Object, Void> engine;
    private final Run run;
    private final int maxPending;
    private final long submitTimeoutNanos;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final HookCalls hookCalls;

    public PoolCore(ProcessorConfig config, List<ProcessingObserver> observers, ErrorClassifier classifier,
            EngineClock clock, Scheduler eventScheduler, int maxPending, @Nullable Duration submitTimeout) {
        this.engine = new Engine<>(config, List.of(), observers, classifier, clock, eventScheduler, null);
        this.run = engine.openSharedRun("pool");
        this.hookCalls = engine.parts().hooks(); // a pool has no middleware and no post-processor
        this.maxPending = maxPending;
        this.submitTimeoutNanos = submitTimeout == null ? 0 : submitTimeout.toNanos();
    }

    /** Calls not yet ended (waiting or running). */
    public int pending() {
        return pending.get();
    }

    /**
     * One call: its response, or an error ({@link CallRejectedException} when closed, past
     * {@code maxPending} or past the submit timeout; {@link io.llmbatch4j.core.LLMCallFailedException}
     * after retries). A caller cancelling it cancels the call and frees its permits.
     */
    public <T> Mono<LLMResponse<T>> submit(LLMCallStrategy<T> strategy, String prompt) {
        return Mono.defer(() -> {
            if (closed.get()) {
                return Mono.error(new CallRejectedException("the pool is closed"));
            }
            if (pending.incrementAndGet() > maxPending) {
                pending.decrementAndGet();
                return Mono.error(new CallRejectedException("too many pending calls (maxPending=" + maxPending + ")"));
            }
            long n = seq.incrementAndGet();
            Item<T, Void> item = new Item<>(engine.parts(), new ItemHooks<>(new MiddlewareChain<>(List.of(), hookCalls), null), run, n,
                    new LLMWorkItem<>("call-" + n, strategy, prompt, null), submitTimeoutNanos);
            return new PoolCall<>(item).doFinally(s -> pending.decrementAndGet());
        });
    }

    public void setMaxWorkers(int maxWorkers) {
        engine.setMaxWorkers(maxWorkers, "setMaxWorkers");
    }

    public void setScopeLimit(String key, int limit) {
        engine.setScopeLimit(key, limit);
    }

    public ProcessorStats stats() {
        return engine.stats();
    }

    /** Like {@link #close()}, waited for at most {@code wait}: see {@link Engine#awaitClosed}. */
    public Mono<String> closeWithin(Duration wait, Scheduler timer) {
        return engine.awaitClosed(close(), wait, timer);
    }

    /** Cancels every pending call, cleans up the strategies, stops the timers; idempotent. */
    public Mono<Void> close() {
        if (closed.compareAndSet(false, true)) {
            run.stop(ErrorInfo.of(ErrorKind.CANCELLED, "the pool was closed"), RunOutcome.CANCELLED, true, () -> { });
            return engine.closeSharedRun(run).then(engine.close());
        }
        return engine.close();
    }
}
