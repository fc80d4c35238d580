package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.MiddlewareDecision;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The slow path of an item as a {@code Mono} chain over its {@link ItemTask}'s fields: middleware
 * before (registration order), prepare, the attempt loop (permit, deadline, classify, onError,
 * backoff or cooldown, retry), middleware after (reverse order). Every Mono here emits exactly
 * one result and never errors. Every hook is bounded by the hook timeout ({@link HookCalls}).
 */
final class ItemFlow {

    private static final Logger LOG = LoggerFactory.getLogger(ItemFlow.class);

    private ItemFlow() {}

    /**
     * The whole item. With middleware, its work (middleware before, prepare, attempts) races the
     * item's {@link ItemTask#cut} signal, and whichever result comes first goes through the
     * {@code afterProcess} of every middleware that passed the item on: a stopped or cancelled
     * item ends through them too, and a stop during {@code afterProcess} no longer cuts anything.
     */
    static <T, C> Mono<WorkItemResult<T, C>> begin(ItemTask<T, C> task) {
        Sinks.One<ErrorInfo> cut = task.cut;
        if (cut == null) {
            return runItem(task);
        }
        // the cut first: a stop that came before the subscription wins without calling a hook
        return Mono.firstWithSignal(cut.asMono().map(task::failure), before(task, 0, task.item))
                .flatMap(r -> after(task, task.passed, r));
    }

    /** beforeProcess of middleware {@code i} on; {@code task.passed} counts those that passed the item on. */
    private static <T, C> Mono<WorkItemResult<T, C>> before(ItemTask<T, C> task, int i, LLMWorkItem<T, C> current) {
        List<Middleware<T, C>> mws = task.engine.middlewares;
        if (i == mws.size()) {
            task.item = current;
            return runItem(task);
        }
        Middleware<T, C> m = mws.get(i);
        return task.engine.hooks.<MiddlewareDecision<T, C>>call(() -> m.beforeProcess(current))
                .onErrorResume(e -> Mono.just(MiddlewareDecision.answer(task.failure(new ErrorInfo(ErrorKind.PERMANENT,
                        "beforeProcess of " + m.getClass().getName() + " failed: " + messageOf(e),
                        e.getClass().getSimpleName(), null, e)))))
                .flatMap(d -> {
                    WorkItemResult<T, C> answer = d.answer();
                    if (answer != null) {
                        return Mono.just(answer);
                    }
                    LLMWorkItem<T, C> next = d.item();
                    if (next == null || !next.itemId().equals(current.itemId())) {
                        return Mono.just(task.failure(ErrorInfo.of(ErrorKind.PERMANENT, "beforeProcess of "
                                + m.getClass().getName() + " changed the item id")));
                    }
                    task.passed = i + 1;
                    return before(task, i + 1, next);
                })
                .switchIfEmpty(Mono.defer(() -> {
                    task.passed = i + 1;
                    return before(task, i + 1, current);
                }));
    }

    /** The message of a hook's error, or its type when it has none (a {@code StackOverflowError}). */
    static String messageOf(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** afterProcess of middleware {@code k-1} down to 0; errors keep the result. */
    private static <T, C> Mono<WorkItemResult<T, C>> after(ItemTask<T, C> task, int k, WorkItemResult<T, C> r) {
        if (k == 0) {
            return Mono.just(r);
        }
        Middleware<T, C> m = task.engine.middlewares.get(k - 1);
        return task.engine.hooks.<WorkItemResult<T, C>>call(() -> m.afterProcess(r))
                .defaultIfEmpty(r)
                .onErrorResume(e -> {
                    LOG.warn("afterProcess of {} failed for item {}; result kept: {}", m.getClass().getName(),
                            r.itemId(), messageOf(e), e);
                    return Mono.just(r);
                })
                .flatMap(next -> after(task, k - 1, next));
    }

    private static <T, C> Mono<WorkItemResult<T, C>> runItem(ItemTask<T, C> task) {
        LLMCallStrategy<T> strategy = task.item.strategy();
        if (task.engine.dryRun || task.run.lifecycle.isReady(strategy)) {
            return attempt(task);
        }
        return task.run.lifecycle.ensurePrepared(strategy)
                .then(Mono.defer(() -> attempt(task)))
                .onErrorResume(e -> Mono.just(task.failure(task.engine.classify(e))));
    }

    /** Never errors: every failure becomes a result. Waits for the budgets first, when there are any. */
    private static <T, C> Mono<WorkItemResult<T, C>> attempt(ItemTask<T, C> task) {
        QuotaBudget budget = task.engine.budget;
        if (budget == null) {
            return gatedAttempt(task);
        }
        ErrorInfo stopped = task.stopped();
        if (stopped != null) {
            return Mono.just(task.failure(stopped));
        }
        task.waiting();
        return budget.acquire(task.item.prompt())
                .flatMap(r -> {
                    task.reservation = r;
                    return gatedAttempt(task);
                })
                .doOnCancel(() -> refund(task));
    }

    private static void refund(ItemTask<?, ?> task) {
        QuotaBudget.Reservation r = task.reservation;
        QuotaBudget budget = task.engine.budget;
        if (r != null && budget != null) {
            task.reservation = null;
            budget.refund(r);
        }
    }

    private static <T, C> Mono<WorkItemResult<T, C>> gatedAttempt(ItemTask<T, C> task) {
        ErrorInfo stopped = task.stopped();
        if (stopped != null) {
            refund(task);
            return Mono.just(task.failure(stopped));
        }
        Attempt a = task.newAttempt();
        task.attempt = a;
        boolean priority = task.number > 1 || task.rateLimitRetries > 0;
        return new GatedAttemptMono<>(task, task.engine.gate, task.scope, priority,
                task.engine.attemptTimeout(task.number),
                task.engine.clock.scheduler())
                .map(task::resultOf)
                .onErrorResume(e -> failed(task, e, a));
    }

    /** After a failed attempt (recorded by the attempt, see {@link AttemptEnds}): onError, then retry or fail. */
    static <T, C> Mono<WorkItemResult<T, C>> failed(ItemTask<T, C> task, Throwable error, Attempt a) {
        Engine<T, C> engine = task.engine;
        ErrorInfo info = task.attemptError(error);
        boolean rateLimited = info.kind() == ErrorKind.RATE_LIMIT;
        RetryConfig retry = engine.config.retry();
        boolean retried = retry.retryOn().contains(info.kind());
        int used = rateLimited ? task.rateLimitRetries : task.number;
        int budget = rateLimited ? retry.maxRateLimitRetries() : retry.maxAttempts();
        boolean again = task.stopped() == null && retried && used < budget;
        ErrorInfo last = retried && used >= budget ? exhausted(info, rateLimited, used, budget) : info;
        return engine.hooks.call(() -> task.item.strategy().onError(error, a))
                .then(Mono.defer(() -> again ? retry(task, info, a) : Mono.just(task.failure(last))))
                .onErrorResume(hookError -> Mono.just(task.failure(new ErrorInfo(ErrorKind.PERMANENT,
                        "onError() of " + task.item.strategy().getClass().getName() + " failed: "
                                + messageOf(hookError), hookError.getClass().getSimpleName(), null, hookError))));
    }

    /**
     * The error of an item whose retry budget ran out: the last attempt's, saying which budget and
     * how much of it was used ("rate-limit retries exhausted (10 of 10); last: 429 ..."). Without
     * a budget (no retries configured) nothing was exhausted: the last error as it is.
     */
    static ErrorInfo exhausted(ErrorInfo last, boolean rateLimited, int used, int budget) {
        if (rateLimited ? budget == 0 : budget <= 1) {
            return last;
        }
        String what = rateLimited ? "rate-limit retries" : "attempts";
        return new ErrorInfo(last.kind(), what + " exhausted (" + used + " of " + budget + "); last: " + last.message(),
                last.errorType(), last.retryAfter(), last.cause());
    }

    private static <T, C> Mono<WorkItemResult<T, C>> retry(ItemTask<T, C> task, ErrorInfo info, Attempt failedAttempt) {
        Engine<T, C> engine = task.engine;
        RetryConfig retry = engine.config.retry();
        Duration backoff;
        if (info.kind() == ErrorKind.RATE_LIMIT) {
            task.rateLimitRetries++;
            // exhaustion waits for the coordinated cooldown at the gate; a burst only delays its item
            backoff = RateLimitSignals.isBurst(info.cause()) ? engine.burstWait(info.retryAfter()) : Duration.ZERO;
        } else {
            task.number++;
            backoff = retry.noBackoffOn().contains(info.kind()) ? Duration.ZERO : engine.backoff(failedAttempt.number());
        }
        engine.stats.retries.increment();
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.ItemRetrying(engine.clock.instant(), task.run.runId,
                    task.item.itemId(), task.number, info, backoff));
        }
        Mono<WorkItemResult<T, C>> next = Mono.defer(() -> attempt(task));
        if (!backoff.isZero()) {
            next = Mono.delay(backoff, engine.clock.scheduler()).then(next);
        }
        if (engine.middlewares.isEmpty()) {
            return next;
        }
        return Flux.fromIterable(engine.middlewares)
                .concatMap(m -> engine.hooks.<Void>call(() -> m.onRetry(task.item, failedAttempt.number(), info))
                        .onErrorResume(e -> {
                            LOG.warn("onRetry of {} failed for item {}: {}", m.getClass().getName(), task.item.itemId(),
                                    messageOf(e), e);
                            return Mono.empty();
                        }))
                .then(next);
    }
}
