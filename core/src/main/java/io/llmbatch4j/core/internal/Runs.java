package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.BatchDeadlineMode;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.GuardrailConfig;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.RunOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An engine's runs: starts each (its id, {@code BatchStarted}, its batch-deadline timer), ends
 * each once every item it took has ended (outcome, strategies' {@code cleanup()},
 * {@code BatchCompleted}, observers caught up), and closes them all. Counts the items of runs
 * still going, for {@code stats()}.
 */
final class Runs {

    private final EngineParts parts;
    private final AtomicLong runCounter = new AtomicLong();
    private final Set<Run> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Runs(EngineParts parts) {
        this.parts = parts;
    }

    /** A batch run: duplicate-id check as configured, the batch deadline and fail-fast from the guardrails. */
    Run start(Consumer<RunOutcome> onOutcome) {
        GuardrailConfig guard = parts.config().guardrails();
        Duration deadline = guard.batchDeadline();
        Run r = new Run("run-" + runCounter.incrementAndGet(), parts.clock().nanoTime(),
                parts.config().detectDuplicateIds(), false, deadline != null || guard.failFast(), parts.hooks(),
                onOutcome);
        register(r, "processor is closed");
        EventDispatcher events = parts.events();
        if (events.enabled()) {
            events.publish(new ProcessingEvent.BatchStarted(parts.clock().instant(), r.runId, parts.gate().limit()));
        }
        if (deadline != null) {
            BatchDeadlineMode mode = guard.batchDeadlineMode();
            r.deadline(parts.clock().scheduler().schedule(() -> r.stop(
                    ErrorInfo.of(ErrorKind.BATCH_DEADLINE_EXCEEDED, "the batch deadline (" + deadline + ") passed"),
                    RunOutcome.DEADLINE, mode == BatchDeadlineMode.CANCEL, () -> {
                        if (events.enabled()) {
                            events.publish(new ProcessingEvent.BatchDeadlineReached(parts.clock().instant(), r.runId,
                                    mode));
                        }
                    }), deadline.toNanos(), TimeUnit.NANOSECONDS));
        }
        return r;
    }

    /** A long-lived run for a call pool: no duplicate-id check, no deadline, no fail-fast. */
    Run openShared(String name) {
        Run r = new Run(name, parts.clock().nanoTime(), false, true, true, parts.hooks(), o -> { });
        register(r, "pool is closed");
        return r;
    }

    private void register(Run r, String closedMessage) {
        if (closed) {
            throw new IllegalStateException(closedMessage);
        }
        active.add(r);
        if (closed) { // a close that went through the set before this run was in it
            active.remove(r);
            throw new IllegalStateException(closedMessage);
        }
    }

    /**
     * Once every item of the run has ended (its stream tells; after a cancel, items end through
     * their {@code afterProcess}), cleans up its strategies, publishes {@code BatchCompleted} and
     * waits for observers to catch up.
     */
    Mono<Void> end(Run r) {
        r.disposeDeadline();
        EventDispatcher events = parts.events();
        return r.itemsEnded.asMono()
                .then(Mono.defer(() -> {
                    r.onOutcome.accept(r.outcome());
                    return r.lifecycle.cleanupAll();
                }))
                .then(Mono.defer(() -> {
                    if (events.enabled()) {
                        events.publish(new ProcessingEvent.BatchCompleted(parts.clock().instant(), r.runId,
                                r.succeeded.sum(), r.failed.sum(), r.usage.total(), parts.clock().since(r.startNanos)));
                    }
                    return events.flush(parts.config().observerFlushTimeout(), parts.clock().scheduler());
                }))
                .doFinally(s -> {
                    synchronized (active) { // started() counts a run's items either here or there
                        parts.stats().started.add(r.taken());
                        active.remove(r);
                    }
                    r.finished.tryEmitEmpty();
                });
    }

    /** Items taken by every run so far, ended runs included. */
    long started() {
        synchronized (active) {
            long started = parts.stats().started();
            for (Run r : active) {
                started += r.taken();
            }
            return started;
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Closes every run once ({@link Run#close}); returns true the first time. The caller then
     * disposes the cooldown: the runs are stopped first, so the gate it reopens grants nothing.
     */
    synchronized boolean close(ErrorInfo reason) {
        if (closed) {
            return false;
        }
        closed = true;
        for (Run r : List.copyOf(active)) {
            r.close(reason);
        }
        return true;
    }

    /** Completes when every run has finished. */
    Mono<Void> finished() {
        return Flux.fromIterable(List.copyOf(active)).flatMap(r -> r.finished.asMono()).then();
    }

    /** What the runs still do, for a close that stops waiting. */
    String describePending() {
        return active.stream().map(Run::describePending).collect(Collectors.joining(" | "));
    }
}
