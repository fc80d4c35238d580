package io.llmbatch4j.core.internal;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One asynchronous step of an item (a middleware hook, {@code prepare}, a budget wait, a strategy's
 * {@code onError}, a backoff): subscribes a {@code Mono} in the item's context and calls exactly
 * one of its continuations, unless disposed first. It is registered as its item's current step
 * in {@code onSubscribe}, before any signal, so the step a continuation starts is always the one
 * a later cancel finds.
 */
final class Step<X> implements CoreSubscriber<X>, Disposable {

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<Step, Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(Step.class, Subscription.class, "upstream");

    private final Consumer<? super X> onValue;
    private final Runnable onEmpty;
    private final Consumer<? super Throwable> onError;
    private final Consumer<Step<X>> register;
    private final Context context;
    private volatile @Nullable Subscription upstream;
    private boolean done;

    private Step(Consumer<? super X> onValue, Runnable onEmpty, Consumer<? super Throwable> onError,
            Consumer<Step<X>> register, Context context) {
        this.onValue = onValue;
        this.onEmpty = onEmpty;
        this.onError = onError;
        this.register = register;
        this.context = context;
    }

    /** Runs {@code mono}; {@code register} hears of the step before it can signal anything. */
    static <X> void run(Mono<X> mono, Consumer<? super X> onValue, Runnable onEmpty,
            Consumer<? super Throwable> onError, Consumer<Step<X>> register, Context context) {
        mono.subscribe(new Step<>(onValue, onEmpty, onError, register, context));
    }

    @Override
    public Context currentContext() {
        return context;
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.setOnce(UPSTREAM, this, s)) {
            register.accept(this);
            if (upstream != Operators.cancelledSubscription()) {
                s.request(Long.MAX_VALUE);
            }
        }
    }

    @Override
    public void onNext(X value) {
        if (done || isDisposed()) {
            Operators.onDiscard(value, context);
            return;
        }
        done = true;
        onValue.accept(value);
    }

    @Override
    public void onError(Throwable error) {
        if (done || isDisposed()) {
            Operators.onErrorDropped(error, context);
            return;
        }
        done = true;
        onError.accept(error);
    }

    @Override
    public void onComplete() {
        if (!done && !isDisposed()) {
            done = true;
            onEmpty.run();
        }
    }

    @Override
    public void dispose() {
        Operators.terminate(UPSTREAM, this);
    }

    @Override
    public boolean isDisposed() {
        return upstream == Operators.cancelledSubscription();
    }
}
