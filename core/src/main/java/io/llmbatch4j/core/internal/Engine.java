package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.BatchDeadlineMode;
import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.GuardrailConfig;
import io.llmbatch4j.core.PostProcessor;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.RunOutcome;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.ProcessorStats;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The processor's engine, shared by all its runs: one permit gate (the worker bound), one
 * cooldown, one event dispatcher, one set of counters. Each run streams items through an
 * {@link ItemStream} (at most {@code workerCeiling} ahead) in front of the gate, inside a
 * {@code usingWhen} that cleans up the run's strategies on completion, error and cancellation.
 */
public final class Engine<T, C> {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    final ProcessorConfig config;
    final List<Middleware<T, C>> middlewares;
    final ErrorClassifier classifier;
    final EngineClock clock;
    final PermitGate gate;
    final EventDispatcher events;
    final Cooldown cooldown;
    final EngineStats stats = new EngineStats();
    final AttemptTimeouts timeouts;
    /** 0 when items have no deadline. */
    final long itemDeadlineNanos;
    final boolean dryRun;
    final boolean failFast;
    final @Nullable ScopeGates scopes;
    final @Nullable PostProcessing<T, C> postProcessing;
    final @Nullable Aimd aimd;
    final @Nullable QuotaBudget budget;
    final HookCalls hooks;
    private final AtomicLong runCounter = new AtomicLong();
    private volatile boolean closed;
    private final Set<Run> activeRuns = ConcurrentHashMap.newKeySet();

    public Engine(ProcessorConfig config, List<Middleware<T, C>> middlewares, List<ProcessingObserver> observers,
            ErrorClassifier classifier, EngineClock clock, Scheduler eventScheduler,
            @Nullable PostProcessor<T, C> postProcessor) {
        this.config = config;
        this.middlewares = List.copyOf(middlewares);
        this.classifier = classifier;
        this.clock = clock;
        this.hooks = new HookCalls(config.hookTimeout(), clock.scheduler());
        this.gate = new PermitGate(config.maxWorkers());
        this.timeouts = new AttemptTimeouts(config.timeoutPerItem(), config.adaptiveTimeout());
        this.events = new EventDispatcher(observers, config.observerBufferSize(), eventScheduler);
        this.cooldown = new Cooldown(gate, config.rateLimit(), clock, events);
        Duration itemDeadline = config.totalTimeoutPerItem();
        this.itemDeadlineNanos = itemDeadline == null ? 0 : itemDeadline.toNanos();
        this.dryRun = config.dryRun();
        this.failFast = config.guardrails().failFast();
        this.scopes = ScopeGates.wanted(config) ? new ScopeGates(config) : null;
        this.postProcessing = postProcessor == null ? null : new PostProcessing<>(postProcessor,
                config.postProcessTimeout(), config.postProcessMode(), this, eventScheduler);
        this.aimd = config.adaptiveConcurrency() == null ? null : new Aimd(config.adaptiveConcurrency(), this);
        this.budget = QuotaBudget.wanted(config.rateLimit()) && !config.dryRun()
                ? new QuotaBudget(config.rateLimit(), clock, cooldown) : null;
    }

    /** A call succeeded: ends a streak of rate limits, feeds the AIMD. */
    void onCallSucceeded() {
        cooldown.onSuccess();
        Aimd a = aimd;
        if (a != null) {
            a.onSuccess();
        }
    }

    /**
     * A call was rate limited: counted; unless it was a burst limit ({@link RateLimitSignals}),
     * which delays only its own item, it may start a cooldown, which shrinks the AIMD and holds the
     * budgets.
     */
    void onRateLimited(@Nullable Duration retryAfter, long attemptStartNanos, boolean burst) {
        stats.rateLimits.increment();
        if (!burst && cooldown.onRateLimit(retryAfter, attemptStartNanos)) {
            QuotaBudget b = budget;
            if (b != null) {
                b.holdUntil(cooldown.endsAt());
            }
            Aimd a = aimd;
            if (a != null) {
                a.onCooldown();
            }
        }
    }

    /**
     * Streams {@code items}; each emitted task holds its result. Completes after the run's
     * strategies are cleaned up and observers have caught up (bounded by the flush timeout).
     */
    public Flux<ItemTask<T, C>> runTasks(Publisher<? extends LLMWorkItem<T, C>> items,
            Consumer<RunOutcome> onOutcome) {
        return run(items, false, onOutcome);
    }

    /** Like {@link #runTasks} but emits the results themselves. */
    public Flux<WorkItemResult<T, C>> runResults(Publisher<? extends LLMWorkItem<T, C>> items) {
        return run(items, true, o -> { });
    }

    /** The run's stream emits each ended item's task, or its result when {@code emitResults}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private <R> Flux<R> run(Publisher<? extends LLMWorkItem<T, C>> items, boolean emitResults,
            Consumer<RunOutcome> onOutcome) {
        Flux<R> flux = Flux.usingWhen(
                Mono.fromSupplier(() -> startRun(onOutcome)),
                r -> (Flux) new ItemStream<>(this, r, items, emitResults),
                this::endRun,
                (r, error) -> endRun(r),
                this::endRun);
        return flux;
    }

    private Run startRun(Consumer<RunOutcome> onOutcome) {
        if (closed) {
            throw new IllegalStateException("processor is closed");
        }
        GuardrailConfig guard = config.guardrails();
        Duration deadline = guard.batchDeadline();
        Run r = new Run("run-" + runCounter.incrementAndGet(), clock.nanoTime(), config.detectDuplicateIds(),
                false, deadline != null || failFast, hooks);
        r.onOutcome = onOutcome;
        activeRuns.add(r);
        if (closed) {
            activeRuns.remove(r);
            throw new IllegalStateException("processor is closed");
        }
        if (events.enabled()) {
            events.publish(new ProcessingEvent.BatchStarted(clock.instant(), r.runId, gate.limit()));
        }
        if (deadline != null) {
            BatchDeadlineMode mode = guard.batchDeadlineMode();
            r.deadlineTimer = clock.scheduler().schedule(() -> r.stop(
                    ErrorInfo.of(ErrorKind.BATCH_DEADLINE_EXCEEDED, "the batch deadline (" + deadline + ") passed"),
                    RunOutcome.DEADLINE, mode == BatchDeadlineMode.CANCEL, () -> {
                        if (events.enabled()) {
                            events.publish(new ProcessingEvent.BatchDeadlineReached(clock.instant(), r.runId, mode));
                        }
                    }), deadline.toNanos(), TimeUnit.NANOSECONDS);
        }
        return r;
    }

    /** A long-lived run for a call pool: no duplicate-id check, no deadline, no fail-fast. */
    Run openSharedRun(String name) {
        if (closed) {
            throw new IllegalStateException("pool is closed");
        }
        Run r = new Run(name, clock.nanoTime(), false, true, true, hooks);
        activeRuns.add(r);
        return r;
    }

    /** Cleans up a shared run's strategies; completes when done. */
    Mono<Void> closeSharedRun(Run r) {
        return endRun(r);
    }

    /** Fail-fast: aborts {@code r} once if {@code result}'s error says so. */
    void maybeAbort(Run r, WorkItemResult<T, C> result) {
        ErrorInfo error = result.error();
        if (r.shared || error == null || r.stopReason != null || !config.guardrails().abortsOn(error)) {
            return;
        }
        r.stop(new ErrorInfo(ErrorKind.ABORTED, "the run was aborted: item '" + result.itemId() + "' failed with "
                + error, ErrorKind.ABORTED.name(), null, error.cause()), RunOutcome.ABORTED, true, () -> {
                    if (events.enabled()) {
                        events.publish(new ProcessingEvent.RunAborted(clock.instant(), r.runId, result.itemId(), error));
                    }
                });
    }

    /**
     * Once every item of the run has ended (the stream tells: after a cancel, items end through
     * their {@code afterProcess}), cleans up its strategies, publishes {@code BatchCompleted} and
     * waits for observers to catch up.
     */
    private Mono<Void> endRun(Run r) {
        Disposable timer = r.deadlineTimer;
        if (timer != null) {
            timer.dispose();
        }
        return r.itemsEnded.asMono()
                .then(Mono.defer(() -> {
                    r.onOutcome.accept(r.outcome());
                    return r.lifecycle.cleanupAll();
                }))
                .then(Mono.defer(() -> {
                    if (events.enabled()) {
                        events.publish(new ProcessingEvent.BatchCompleted(clock.instant(), r.runId,
                                r.succeeded.sum(), r.failed.sum(), r.usage.total(), clock.since(r.startNanos)));
                    }
                    return events.flush(config.observerFlushTimeout(), clock.scheduler());
                }))
                .doFinally(s -> {
                    synchronized (activeRuns) { // stats() counts a run's items either here or there
                        stats.started.add(r.taken());
                        activeRuns.remove(r);
                    }
                    r.finished.tryEmitEmpty();
                });
    }

    void recordEnd(Run r, WorkItemResult<T, C> result) {
        stats.latency.record(result.duration().toNanos());
        stats.usage.add(result.usage());
        boolean observed = events.enabled();
        if (observed) {
            r.usage.add(result.usage());
        }
        if (result.success()) {
            stats.succeeded.increment();
            if (observed) {
                r.succeeded.increment();
                events.publish(new ProcessingEvent.ItemSucceeded(clock.instant(), r.runId, result.itemId(),
                        result.attempts(), result.usage(), result.duration(), result.model()));
            }
        } else {
            stats.failed.increment();
            if (observed) {
                r.failed.increment();
                events.publish(new ProcessingEvent.ItemFailed(clock.instant(), r.runId, result.itemId(),
                        result.attempts(), result.error(), result.usage(), result.duration()));
            }
        }
    }

    ErrorInfo classify(Throwable error) {
        try {
            ErrorInfo info = classifier.classify(error);
            if (info != null) {
                return info;
            }
        } catch (Throwable e) {
            Faults.throwIfFatal(e);
            LOG.warn("error classifier {} threw; using the default classification", classifier, e);
        }
        return ErrorClassifier.defaults().classify(error);
    }

    /**
     * The timeout of attempt {@code number}, read when its call is granted: the adaptive cut while
     * the item has attempts left after it (a timeout is retried), else the configured
     * {@code timeoutPerItem}.
     */
    LongSupplier attemptTimeout(int number) {
        RetryConfig retry = config.retry();
        boolean last = number >= retry.maxAttempts() || !retry.retryOn().contains(ErrorKind.TIMEOUT);
        return timeouts.forAttempt(last);
    }

    /**
     * The wait before retrying a burst 429 ({@link RateLimitSignals}): its retry-after, at most
     * the longest cooldown, else the cooldown's default length, with the retry jitter.
     */
    Duration burstWait(@Nullable Duration retryAfter) {
        return jittered(retryAfter == null ? config.rateLimit().cooldown() : cooldown.cap(retryAfter));
    }

    /** Backoff after {@code failedAttempt}, with jitter. */
    Duration backoff(int failedAttempt) {
        return jittered(config.retry().backoffBeforeJitter(failedAttempt));
    }

    /** {@code base} less a random share of up to {@link RetryConfig#jitter()} of itself. */
    private Duration jittered(Duration base) {
        double jitter = config.retry().jitter();
        if (jitter == 0) {
            return base;
        }
        double factor = 1 - jitter * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (base.toNanos() * factor));
    }

    /** Sets the concurrency limit of admission scope {@code key}, live. */
    public void setScopeLimit(String key, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("scope limit must be >= 1 (was " + limit + ")");
        }
        ScopeGates s = scopes;
        if (s == null) {
            throw new IllegalStateException("admission scopes are off: configure scopeLimits or defaultScopeLimit");
        }
        s.setLimit(key, limit);
    }

    /** Sets the worker limit for calls that start from now on. */
    public void setMaxWorkers(int maxWorkers, String reason) {
        if (maxWorkers < 1 || maxWorkers > config.workerCeiling()) {
            throw new IllegalArgumentException("maxWorkers must be between 1 and workerCeiling ("
                    + config.workerCeiling() + ") (was " + maxWorkers + ")");
        }
        int previous = gate.limit();
        gate.setLimit(maxWorkers);
        if (previous != maxWorkers && events.enabled()) {
            events.publish(new ProcessingEvent.WorkersChanged(clock.instant(), previous, maxWorkers, reason));
        }
    }

    public ProcessorStats stats() {
        long started;
        synchronized (activeRuns) {
            started = stats.started();
            for (Run r : activeRuns) {
                started += r.taken();
            }
        }
        return new ProcessorStats(started, stats.succeeded(), stats.failed(), stats.retries(),
                stats.rateLimits(), gate.inFlight(), gate.limit(), cooldown.active(), cooldown.totalTime(),
                stats.usage(), events.dropped(), stats.latency().summary(),
                stats.postProcessFailures.sum());
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes every running run ({@link Run#close}: each item not yet ended ends CANCELLED, each
     * stream completes, each run cleans up its strategies) and stops the cooldown's timers. A
     * closed run's waiting attempts start no call ({@link ItemTask#abandoned}), and the runs are
     * closed before the cooldown is disposed, so the gate it reopens grants nothing. The returned
     * {@code Mono} completes when every run has finished. Idempotent.
     */
    public Mono<Void> close() {
        if (!closed && markClosed()) {
            ErrorInfo reason = ErrorInfo.of(ErrorKind.CANCELLED, "the processor was closed during the run");
            for (Run r : List.copyOf(activeRuns)) {
                r.close(reason);
            }
            cooldown.dispose();
        }
        return Flux.fromIterable(List.copyOf(activeRuns)).flatMap(r -> r.finished.asMono()).then();
    }

    private synchronized boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /**
     * {@code closing}, waited for at most {@code wait} on {@code timer}: emits {@code ""} when it
     * completed, else what the runs still do (their items not ended, a {@code cleanup()} that has
     * not completed), which goes on in the background, each hook bounded by the hook timeout.
     */
    public Mono<String> awaitClosed(Mono<Void> closing, Duration wait, Scheduler timer) {
        return closing.thenReturn("").timeout(wait, Mono.fromSupplier(() -> "stopped waiting after " + wait
                + "; still running in the background (each hook stops at ProcessorConfig.hookTimeout, "
                + config.hookTimeout() + "): " + activeRuns.stream().map(Run::describePending)
                .collect(java.util.stream.Collectors.joining(" | "))), timer);
    }

}
