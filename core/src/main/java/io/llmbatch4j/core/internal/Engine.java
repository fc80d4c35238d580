package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.PostProcessor;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.ProcessorStats;
import io.llmbatch4j.core.RunOutcome;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The processor's engine, shared by all its runs: the parts every item uses ({@link EngineParts}:
 * one permit gate, one cooldown, one event dispatcher, one set of counters), the processor's
 * middleware and post-processing ({@link Item.Hooks}), and its {@link Runs}. Each run streams
 * items through an {@link ItemStream} (at most {@code workerCeiling} ahead) in front of the gate,
 * inside a {@code usingWhen} that ends the run on completion, error and cancellation.
 */
public final class Engine<T, C> {

    private final EngineParts parts;
    private final ItemHooks<T, C> hooks;
    private final Runs runs;

    public Engine(ProcessorConfig config, List<Middleware<T, C>> middlewares, List<ProcessingObserver> observers,
            ErrorClassifier classifier, EngineClock clock, Scheduler eventScheduler,
            @Nullable PostProcessor<T, C> postProcessor) {
        this.parts = EngineParts.create(config, observers, classifier, clock, eventScheduler);
        this.hooks = new ItemHooks<>(new MiddlewareChain<>(middlewares, parts.hooks()), postProcessor == null ? null
                : new PostProcessing<>(postProcessor, config.postProcessTimeout(), config.postProcessMode(), clock,
                        parts.events(), parts.stats(), eventScheduler));
        this.runs = new Runs(parts);
    }

    /**
     * Streams {@code items} and emits each result as its item ends. Completes after the run's
     * strategies are cleaned up and observers have caught up (bounded by the flush timeout).
     */
    public Flux<WorkItemResult<T, C>> runResults(Publisher<? extends LLMWorkItem<T, C>> items) {
        return run(items, Item::result, o -> { });
    }

    /**
     * Runs {@code items} and collects one result per item, in input order ({@link BatchCollector}):
     * items the run never took (a close came first) are CANCELLED with no attempt.
     */
    public Mono<BatchResult<T, C>> runAll(List<LLMWorkItem<T, C>> items) {
        return Mono.defer(() -> {
            BatchCollector<T, C> collector = new BatchCollector<>(items, parts.clock());
            return run(Flux.fromIterable(items), i -> new IndexedResult<>(i.index(), i.result()), collector::outcome)
                    .doOnNext(collector::add)
                    .then(Mono.fromSupplier(collector::result));
        });
    }

    private <R> Flux<R> run(Publisher<? extends LLMWorkItem<T, C>> items, Function<Item<T, C>, R> emit,
            Consumer<RunOutcome> onOutcome) {
        return Flux.usingWhen(
                Mono.fromSupplier(() -> runs.start(onOutcome)),
                r -> new ItemStream<>(parts, hooks, r, items, emit),
                runs::end,
                (r, error) -> runs.end(r),
                runs::end);
    }

    /** The parts, for a call pool's items. */
    EngineParts parts() {
        return parts;
    }

    /** A long-lived run for a call pool: no duplicate-id check, no deadline, no fail-fast. */
    Run openSharedRun(String name) {
        return runs.openShared(name);
    }

    /** Cleans up a shared run's strategies; completes when done. */
    Mono<Void> closeSharedRun(Run r) {
        return runs.end(r);
    }

    /** Sets the concurrency limit of admission scope {@code key}, live. */
    public void setScopeLimit(String key, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("scope limit must be >= 1 (was " + limit + ")");
        }
        ScopeGates s = parts.scopes();
        if (s == null) {
            throw new IllegalStateException("admission scopes are off: configure scopeLimits or defaultScopeLimit");
        }
        s.setLimit(key, limit);
    }

    /** Sets the worker limit for calls that start from now on. */
    public void setMaxWorkers(int maxWorkers, String reason) {
        parts.workerLimit().set(maxWorkers, reason);
    }

    public ProcessorStats stats() {
        EngineStats stats = parts.stats();
        return new ProcessorStats(runs.started(), stats.succeeded(), stats.failed(), stats.retries(),
                stats.rateLimits(), parts.gate().inFlight(), parts.gate().limit(), parts.cooldown().active(),
                parts.cooldown().totalTime(), stats.usage(), parts.events().dropped(), stats.latency().summary(),
                stats.postProcessFailures.sum());
    }

    public boolean isClosed() {
        return runs.isClosed();
    }

    /**
     * Closes every running run ({@link Run#close}: each item not yet ended ends CANCELLED, each
     * stream completes, each run cleans up its strategies), then stops the cooldown's timers: the
     * runs are stopped first, so the gate the cooldown reopens grants nothing ({@link Item#abandoned}).
     * The returned {@code Mono} completes when every run has finished. Idempotent.
     */
    public Mono<Void> close() {
        if (runs.close(ErrorInfo.of(ErrorKind.CANCELLED, "the processor was closed during the run"))) {
            parts.cooldown().dispose();
        }
        return runs.finished();
    }

    /**
     * {@code closing}, waited for at most {@code wait} on {@code timer}: emits {@code ""} when it
     * completed, else what the runs still do (their items not ended, a {@code cleanup()} that has
     * not completed), which goes on in the background, each hook bounded by the hook timeout.
     */
    public Mono<String> awaitClosed(Mono<Void> closing, Duration wait, Scheduler timer) {
        return closing.thenReturn("").timeout(wait, Mono.fromSupplier(() -> "stopped waiting after " + wait
                + "; still running in the background (each hook stops at ProcessorConfig.hookTimeout, "
                + parts.config().hookTimeout() + "): " + runs.describePending()), timer);
    }

    /**
     * The facades' {@code close()}: waits for {@code closed} up to its own bound unless on a
     * non-blocking thread, and logs a WARN line, under {@code owner}'s logger, naming what was left
     * running.
     */
    public static void closeAndReport(Mono<String> closed, Class<?> owner) {
        Consumer<String> report = abandoned -> {
            if (!abandoned.isEmpty()) {
                LoggerFactory.getLogger(owner).warn("close(): {}", abandoned);
            }
        };
        if (!Schedulers.isInNonBlockingThread()) {
            report.accept(closed.block());
        } else {
            closed.subscribe(report);
        }
    }
}
