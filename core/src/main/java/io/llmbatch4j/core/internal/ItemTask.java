package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.InvalidWorkItemException;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.MiddlewareDecision;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.RetryState;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One logical item: middleware before, prepare, the attempt loop (permit, deadline, classify,
 * onError, backoff or cooldown, retry), middleware after, then exactly one terminal event.
 * Attempts of one item never overlap, so the plain fields need no locking.
 */
public final class ItemTask<T, C> {

    private static final Logger LOG = LoggerFactory.getLogger(ItemTask.class);
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<ItemTask> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(ItemTask.class, "ended");

    private final Engine<T, C> engine;
    private final Run run;
    private final long index;
    private final long startNanos;
    private final RetryState state = new RetryState();
    private LLMWorkItem<T, C> item;
    private TokenUsage usage = TokenUsage.ZERO;
    private int calls;
    private int number = 1;
    private int rateLimitRetries;
    private long attemptStart;
    private volatile int ended;
    private volatile @Nullable WorkItemResult<T, C> result;

    ItemTask(Engine<T, C> engine, Run run, long index, LLMWorkItem<T, C> item) {
        this.engine = engine;
        this.run = run;
        this.index = index;
        this.item = item;
        this.startNanos = engine.clock.nanoTime();
    }

    /** The position of the item in its run's input. */
    public long index() {
        return index;
    }

    /** The result, once the task has emitted. */
    public WorkItemResult<T, C> result() {
        WorkItemResult<T, C> r = result;
        if (r == null) {
            throw new IllegalStateException("item not finished");
        }
        return r;
    }

    /** Must be called from the run's serialized onNext path (it checks duplicate ids). */
    Mono<ItemTask<T, C>> process() {
        engine.stats.started.increment();
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.ItemStarted(engine.clock.instant(), run.runId, item.itemId()));
        }
        Mono<WorkItemResult<T, C>> flow;
        if (!run.ids.add(item.itemId())) {
            flow = Mono.just(failure(engine.classify(new InvalidWorkItemException(
                    "duplicate itemId '" + item.itemId() + "' in this run; the first one is processed"))));
        } else {
            flow = before(0, item);
        }
        return flow.map(this::finish).doOnCancel(this::cancelled);
    }

    private Mono<WorkItemResult<T, C>> before(int i, LLMWorkItem<T, C> current) {
        List<Middleware<T, C>> mws = engine.middlewares;
        if (i == mws.size()) {
            item = current;
            return mws.isEmpty() ? runItem() : runItem().flatMap(r -> after(i, r));
        }
        Middleware<T, C> m = mws.get(i);
        return Mono.defer(() -> m.beforeProcess(current))
                .onErrorResume(e -> Mono.just(MiddlewareDecision.answer(failure(new ErrorInfo(ErrorKind.PERMANENT,
                        "beforeProcess of " + m.getClass().getName() + " failed: " + e.getMessage(),
                        e.getClass().getSimpleName(), null, e)))))
                .flatMap(d -> {
                    WorkItemResult<T, C> answer = d.answer();
                    if (answer != null) {
                        return after(i, answer);
                    }
                    LLMWorkItem<T, C> next = d.item();
                    if (next == null || !next.itemId().equals(current.itemId())) {
                        return after(i, failure(ErrorInfo.of(ErrorKind.PERMANENT, "beforeProcess of "
                                + m.getClass().getName() + " changed the item id")));
                    }
                    return before(i + 1, next);
                })
                .switchIfEmpty(Mono.defer(() -> before(i + 1, current)));
    }

    /** afterProcess of middleware {@code k-1} down to 0; errors keep the result. */
    private Mono<WorkItemResult<T, C>> after(int k, WorkItemResult<T, C> r) {
        if (k == 0) {
            return Mono.just(r);
        }
        Middleware<T, C> m = engine.middlewares.get(k - 1);
        return Mono.defer(() -> m.afterProcess(r))
                .defaultIfEmpty(r)
                .onErrorResume(e -> {
                    LOG.warn("afterProcess of {} failed for item {}; result kept", m.getClass().getName(),
                            r.itemId(), e);
                    return Mono.just(r);
                })
                .flatMap(next -> after(k - 1, next));
    }

    private Mono<WorkItemResult<T, C>> runItem() {
        LLMCallStrategy<T> strategy = item.strategy();
        if (run.lifecycle.isReady(strategy)) {
            return attempt();
        }
        return run.lifecycle.ensurePrepared(strategy)
                .then(Mono.defer(this::attempt))
                .onErrorResume(e -> Mono.just(failure(engine.classify(e))));
    }

    /** Never errors: every failure becomes a result. */
    private Mono<WorkItemResult<T, C>> attempt() {
        Attempt a = new Attempt(item.itemId(), number, rateLimitRetries, engine.config.timeoutPerItem(), state);
        Supplier<Mono<LLMResponse<T>>> call = () -> {
            calls++;
            attemptStart = engine.clock.nanoTime();
            if (engine.events.enabled()) {
                engine.events.publish(new ProcessingEvent.AttemptStarted(engine.clock.instant(), run.runId,
                        item.itemId(), a.number()));
            }
            return item.strategy().execute(item.prompt(), a);
        };
        boolean priority = number > 1 || rateLimitRetries > 0;
        return new GatedAttemptMono<>(call, engine.gate, priority, a.timeout(), engine.clock.scheduler(),
                run::isCancelled)
                .map(this::succeeded)
                .onErrorResume(e -> failed(e, a));
    }

    private WorkItemResult<T, C> succeeded(LLMResponse<T> response) {
        usage = usage.plus(response.usage());
        engine.cooldown.onSuccess();
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.AttemptEnded(engine.clock.instant(), run.runId, item.itemId(),
                    number, engine.clock.since(attemptStart), response.usage(), response.model(), null));
        }
        return WorkItemResult.success(item.itemId(), response.output(), usage, calls,
                engine.clock.since(startNanos), response.model(), item.context());
    }

    private Mono<WorkItemResult<T, C>> failed(Throwable error, Attempt a) {
        ErrorInfo info = engine.classify(error);
        TokenUsage spent = usageOf(error);
        usage = usage.plus(spent);
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.AttemptEnded(engine.clock.instant(), run.runId, item.itemId(),
                    a.number(), engine.clock.since(attemptStart), spent, null, info));
        }
        boolean rateLimited = info.kind() == ErrorKind.RATE_LIMIT;
        if (rateLimited) {
            engine.stats.rateLimits.increment();
            engine.cooldown.onRateLimit(info.retryAfter(), attemptStart);
            if (engine.events.enabled()) {
                engine.events.publish(new ProcessingEvent.RateLimited(engine.clock.instant(), run.runId,
                        item.itemId(), info.retryAfter()));
            }
        }
        RetryConfig retry = engine.config.retry();
        boolean again = retry.retryOn().contains(info.kind())
                && (rateLimited ? rateLimitRetries < retry.maxRateLimitRetries() : number < retry.maxAttempts());
        return Mono.defer(() -> item.strategy().onError(error, a))
                .then(Mono.defer(() -> again ? retry(info, a) : Mono.just(failure(info))))
                .onErrorResume(hookError -> Mono.just(failure(new ErrorInfo(ErrorKind.PERMANENT,
                        "onError() of " + item.strategy().getClass().getName() + " failed: " + hookError.getMessage(),
                        hookError.getClass().getSimpleName(), null, hookError))));
    }

    private Mono<WorkItemResult<T, C>> retry(ErrorInfo info, Attempt failedAttempt) {
        RetryConfig retry = engine.config.retry();
        Duration backoff;
        if (info.kind() == ErrorKind.RATE_LIMIT) {
            rateLimitRetries++;
            backoff = Duration.ZERO;
        } else {
            number++;
            backoff = retry.noBackoffOn().contains(info.kind()) ? Duration.ZERO : engine.backoff(failedAttempt.number());
        }
        engine.stats.retries.increment();
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.ItemRetrying(engine.clock.instant(), run.runId, item.itemId(),
                    number, info, backoff));
        }
        Mono<WorkItemResult<T, C>> next = Mono.defer(this::attempt);
        if (!backoff.isZero()) {
            next = Mono.delay(backoff, engine.clock.scheduler()).then(next);
        }
        if (engine.middlewares.isEmpty()) {
            return next;
        }
        return Flux.fromIterable(engine.middlewares)
                .concatMap(m -> Mono.defer(() -> m.onRetry(item, failedAttempt.number(), info)).onErrorResume(e -> {
                    LOG.warn("onRetry of {} failed for item {}", m.getClass().getName(), item.itemId(), e);
                    return Mono.empty();
                }))
                .then(next);
    }

    private static TokenUsage usageOf(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof LLMException llm) {
                return llm.usage();
            }
        }
        return TokenUsage.ZERO;
    }

    private WorkItemResult<T, C> failure(ErrorInfo info) {
        return WorkItemResult.failure(item.itemId(), info, usage, calls, engine.clock.since(startNanos),
                item.context());
    }

    private ItemTask<T, C> finish(WorkItemResult<T, C> r) {
        if (ENDED.compareAndSet(this, 0, 1)) {
            result = r;
            engine.recordEnd(run, r);
        }
        return this;
    }

    private void cancelled() {
        if (ENDED.compareAndSet(this, 0, 1)) {
            engine.recordEnd(run, failure(ErrorInfo.of(ErrorKind.CANCELLED, "the run was cancelled")));
        }
    }
}
