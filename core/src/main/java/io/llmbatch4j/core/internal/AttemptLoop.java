package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.RetryState;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * An item's attempts, one code path for the first attempt and every retry: {@link #next()} waits
 * for the RPM/TPM budget (if any), then makes a {@link GatedAttempt}; after a failure
 * {@link RetryPolicy} decides, the strategy's {@code onError} runs, and the item ends or, after
 * the middleware's {@code onRetry} and the backoff, the loop goes round. It owns the attempt
 * counters, calls, tokens spent, admission wait, budget reservation, the current attempt and its
 * target, and the current step ({@link Steps}), which {@link #cancel()} cuts. Attempts never
 * overlap: plain fields, except those a stop reads from another thread.
 */
final class AttemptLoop<T, C> implements AttemptListener<LLMResponse<T>>, AttemptLedger.Entry {

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<AttemptLoop, QuotaBudget.Reservation> RESERVATION =
            AtomicReferenceFieldUpdater.newUpdater(AttemptLoop.class, QuotaBudget.Reservation.class, "reservation");

    private final EngineParts parts;
    private final MiddlewareChain<T, C> chain;
    private final LoopItem<T, C> item;
    private final @Nullable PermitGate scope;
    /** Whether a stop may look at {@link #inCall}: only then is it kept (two volatile stores per attempt). */
    private final boolean tracksCall;
    private final RetryState state = new RetryState();
    private RetryPolicy.Counts counts = RetryPolicy.Counts.FIRST;
    private int calls;
    private TokenUsage usage = TokenUsage.ZERO;
    private long attemptStart;
    private @Nullable AdmissionWait wait;
    private boolean immediate; // the first attempt started with the item: its start time is the item's
    private @Nullable Attempt attempt;
    private @Nullable CallTarget target;
    private volatile @Nullable GatedAttempt<LLMResponse<T>> gated;
    private @Nullable ErrorInfo lastFailure;
    private boolean lastBurst;
    private volatile QuotaBudget.@Nullable Reservation reservation;
    private volatile boolean inCall;
    private volatile @Nullable Steps steps;

    AttemptLoop(EngineParts parts, MiddlewareChain<T, C> chain, LoopItem<T, C> item, @Nullable PermitGate scope,
            boolean tracksCall) {
        this.parts = parts;
        this.chain = chain;
        this.item = item;
        this.scope = scope;
        this.tracksCall = tracksCall;
    }

    /** The first attempt, made as the item starts (no middleware or prepare came before it). */
    void startNow() {
        immediate = true;
        next();
    }

    /** The next attempt: unless the item was stopped, after the budget (when there is one). */
    void next() {
        ErrorInfo stop = item.stopReason();
        if (stop != null) {
            item.finish(failure(stop));
            return;
        }
        QuotaBudget budget = parts.budget();
        if (budget == null) {
            gate();
            return;
        }
        waiting();
        await(budget.acquire(item.workItem().prompt()), r -> {
            RESERVATION.set(this, r);
            gate();
        }, () -> { }, e -> item.finish(failure(parts.classifier().classify(e))));
    }

    private void gate() {
        ErrorInfo stop = item.stopReason();
        if (stop != null) {
            refund();
            item.finish(failure(stop));
            return;
        }
        Attempt a = new Attempt(item.workItem().itemId(), counts.number(), counts.rateLimitRetries(),
                parts.config().timeoutPerItem(), state);
        attempt = a;
        GatedAttempt<LLMResponse<T>> g = new GatedAttempt<>(this, parts.gate(), scope, counts.isRetry(),
                parts.attemptTimeout(counts.number()), parts.clock().scheduler());
        gated = g;
        if (!item.finished()) { // else the end's cancel may have read the attempt before
            g.start();
        }
    }

    @Override
    public Mono<LLMResponse<T>> call() {
        calls++;
        AdmissionWait w = wait;
        if (w == null && calls == 1 && immediate) {
            attemptStart = item.startNanos(); // granted at once: no time passed worth a clock reading
        } else {
            attemptStart = parts.clock().nanoTime();
            if (w != null) {
                w.end(attemptStart);
            }
        }
        if (tracksCall) {
            inCall = true;
        }
        item.admitted();
        Attempt a = attempt;
        LLMCallStrategy<T> strategy = item.workItem().strategy();
        target = parts.ledger().started(this, strategy, a);
        String prompt = item.workItem().prompt();
        return parts.dryRun() ? strategy.dryRun(prompt, a) : strategy.execute(prompt, a);
    }

    @Override
    public void succeeded(LLMResponse<T> response) {
        callEnded();
        usage = usage.plus(response.usage());
        parts.ledger().succeeded(this, response);
    }

    @Override
    public void failed(Throwable error) {
        callEnded();
        TokenUsage spent = AttemptLedger.usageOf(error);
        usage = usage.plus(spent);
        ErrorInfo info = parts.classifier().classify(error);
        lastFailure = info;
        lastBurst = info.kind() == ErrorKind.RATE_LIMIT && RateLimitSignals.isBurst(error);
        parts.ledger().failed(this, error, info, spent, lastBurst);
    }

    @Override
    public void cancelled() {
        callEnded();
        ErrorInfo reason = item.stopReason();
        parts.ledger().cancelled(this, reason != null ? reason
                : ErrorInfo.of(ErrorKind.CANCELLED, "the attempt was cancelled"));
    }

    private void callEnded() {
        if (tracksCall) {
            inCall = false;
        }
    }

    @Override
    public void answered(LLMResponse<T> response) {
        item.finish(new WorkItemResult<>(item.workItem().itemId(), true, response.output(), null, usage, calls,
                parts.clock().since(item.startNanos()), response.model(), item.workItem().context(), admissionWait()));
    }

    /** After a failed attempt: the decision, the strategy's {@code onError}, then the end or a retry. */
    @Override
    public void errored(Throwable error) {
        ErrorInfo info = Objects.requireNonNull(lastFailure, "failed() records every error before it is delivered");
        lastFailure = null;
        RetryPolicy.Decision d = parts.retry().decide(info, lastBurst, counts);
        if (d instanceof RetryPolicy.Retry && item.stopReason() != null) {
            d = new RetryPolicy.Stop(info); // a draining stop: the item ends with this attempt
        }
        RetryPolicy.Decision decision = d;
        Attempt a = attempt;
        LLMCallStrategy<T> strategy = item.workItem().strategy();
        await(parts.hooks().call(() -> strategy.onError(error, a)), v -> { }, () -> after(decision, info, a),
                e -> item.finish(failure(new ErrorInfo(ErrorKind.PERMANENT, "onError() of "
                        + strategy.getClass().getName() + " failed: " + Faults.messageOf(e),
                        e.getClass().getSimpleName(), null, e))));
    }

    private void after(RetryPolicy.Decision d, ErrorInfo info, Attempt failed) {
        if (d instanceof RetryPolicy.Stop stop) {
            item.finish(failure(stop.error()));
            return;
        }
        RetryPolicy.Retry retry = (RetryPolicy.Retry) d;
        counts = counts.after(retry);
        parts.stats().retries.increment();
        if (parts.events().enabled()) {
            parts.events().publish(new ProcessingEvent.ItemRetrying(parts.clock().instant(), item.runId(),
                    item.workItem().itemId(), counts.number(), info, retry.backoff()));
        }
        Duration backoff = retry.backoff();
        if (chain.isEmpty() && backoff.isZero()) {
            next();
            return;
        }
        Mono<?> wait = chain.onRetry(item.workItem(), failed.number(), info);
        if (!backoff.isZero()) {
            wait = wait.then(Mono.delay(backoff, parts.clock().scheduler()));
        }
        await(wait, v -> next(), this::next, e -> next());
    }

    /** Runs an asynchronous step ({@link Steps}): the one {@link #cancel()} cuts. */
    <X> void await(Mono<X> step, Consumer<? super X> onValue, Runnable onEmpty, Consumer<? super Throwable> onError) {
        Steps s = steps;
        if (s == null) {
            s = new Steps(item);
            steps = s;
        }
        s.await(step, onValue, onEmpty, onError);
    }

    /** The item ended: cuts the current attempt or step; refunds an unused reservation. */
    void cancel() {
        GatedAttempt<LLMResponse<T>> g = gated;
        if (g != null) {
            g.dispose();
        }
        Steps s = steps;
        if (s != null) {
            s.cancel();
        }
        refund();
    }

    private void refund() {
        QuotaBudget.Reservation r = takeReservation();
        QuotaBudget b = parts.budget();
        if (r != null && b != null) {
            b.refund(r);
        }
    }

    /** Returns the last attempt's permits now if this thread delivers its end ({@link GatedAttempt#releaseEarly}). */
    void releaseEarly() {
        GatedAttempt<LLMResponse<T>> g = gated;
        if (g != null) {
            g.releaseEarly();
        }
    }

    boolean inCall() { return inCall; }
    int calls() { return calls; }

    /** The item's failure with {@code info}, with what its attempts spent. */
    WorkItemResult<T, C> failure(ErrorInfo info) {
        LLMWorkItem<T, C> w = item.workItem();
        return new WorkItemResult<>(w.itemId(), false, null, info, usage, calls, parts.clock().since(item.startNanos()),
                null, w.context(), admissionWait());
    }

    private Duration admissionWait() {
        AdmissionWait w = wait;
        return w == null ? Duration.ZERO : w.total();
    }

    @Override
    public void waiting() {
        AdmissionWait w = wait;
        if (w == null) {
            w = new AdmissionWait(parts.clock());
            wait = w;
        }
        w.begin();
    }

    @Override
    public boolean abandoned() { return item.abandoned(); }

    @Override
    public Context context() { return item.context(); }

    @Override
    public String runId() { return item.runId(); }
    @Override
    public String itemId() { return item.workItem().itemId(); }

    @Override
    public int number() { return attempt == null ? counts.number() : attempt.number(); }

    @Override
    public long startNanos() { return attemptStart; }

    @Override
    public @Nullable CallTarget target() { return target; }

    @Override
    public QuotaBudget.@Nullable Reservation takeReservation() { return reservation == null ? null : RESERVATION.getAndSet(this, null); }
}
