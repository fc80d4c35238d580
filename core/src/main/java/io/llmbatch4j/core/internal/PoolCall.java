package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.CallRejectedException;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallFailedException;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.WorkItemResult;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One call of a call pool as a {@code Mono}: subscribing starts its item. A success is emitted
 * once it is there and requested; a failure errors at once, demand or not
 * ({@link CallRejectedException} for {@code REJECTED}, else {@link LLMCallFailedException}).
 * Cancelling cancels the item (its call and permits). One subscription only: the pool builds one
 * per subscription of a call.
 */
final class PoolCall<T, C> extends Mono<LLMResponse<T>> implements Subscription, Item.Owner<T, C> {

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<PoolCall> STATE =
            AtomicIntegerFieldUpdater.newUpdater(PoolCall.class, "state");
    private static final int REQUESTED = 1;
    private static final int HAS_RESULT = 2;
    private static final int CANCELLED = 4;

    private final Item<T, C> task;
    private @Nullable CoreSubscriber<? super LLMResponse<T>> actual;
    private volatile int state;

    PoolCall(Item<T, C> task) {
        this.task = task;
    }

    @Override
    public void subscribe(CoreSubscriber<? super LLMResponse<T>> actual) {
        this.actual = actual;
        actual.onSubscribe(this);
        task.start(this);
    }

    @Override
    public Context currentContext() {
        CoreSubscriber<? super LLMResponse<T>> a = actual;
        return a == null ? Context.empty() : a.currentContext();
    }

    @Override
    public void ended(Item<T, C> t) {
        WorkItemResult<T, C> r = t.result();
        if (!r.success()) {
            if ((set(HAS_RESULT) & CANCELLED) == 0) {
                actual.onError(r.errorKind() == ErrorKind.REJECTED ? new CallRejectedException(r.error().message())
                        : new LLMCallFailedException(r.error(), r.usage(), r.attempts()));
            }
        } else if ((set(HAS_RESULT) & (REQUESTED | CANCELLED)) == REQUESTED) {
            deliver();
        }
    }

    @Override
    public void request(long n) {
        if (Operators.validate(n) && (set(REQUESTED) & (REQUESTED | HAS_RESULT | CANCELLED)) == HAS_RESULT
                && task.result().success()) {
            deliver();
        }
    }

    @Override
    public void cancel() {
        if ((set(CANCELLED) & CANCELLED) == 0) {
            task.cancel();
        }
    }

    /** Sets {@code bit}; returns the state before. */
    private int set(int bit) {
        for (;;) {
            int s = state;
            if ((s & bit) != 0 || STATE.compareAndSet(this, s, s | bit)) {
                return s;
            }
        }
    }

    private void deliver() {
        WorkItemResult<T, C> r = task.result();
        CoreSubscriber<? super LLMResponse<T>> a = actual;
        a.onNext(new LLMResponse<>(r.output(), r.usage(), r.model()));
        a.onComplete();
    }
}
