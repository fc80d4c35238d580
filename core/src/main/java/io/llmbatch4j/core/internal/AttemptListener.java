package io.llmbatch4j.core.internal;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * What a {@link GatedAttempt} works for (its item's {@link AttemptLoop}): creates the call when the
 * permits are granted and hears how it ended — first recorded ({@code succeeded}, {@code failed},
 * {@code cancelled}) before the permits return, then delivered ({@code answered}, {@code errored}).
 */
interface AttemptListener<R> {
    /** Creates the call; called at most once, when both permits are held. */
    Mono<R> call();
    /** The call answered: recorded before it is delivered and the permits return. */
    void succeeded(R value);
    /** The call failed: recorded before it is delivered and the permits return. */
    void failed(Throwable error);
    /** The call was cancelled (it may not have been subscribed); before the permits return. */
    void cancelled();
    /** The answer, delivered after {@link #succeeded}. */
    void answered(R value);
    /** The error, delivered after {@link #failed}. */
    void errored(Throwable error);
    /** True when the call must not start any more (run cancelled or stopped, item ended). */
    boolean abandoned();
    /** The attempt starts waiting in a gate's queue. */
    void waiting();
    /** The Reactor context the call runs in. */
    Context context();
}
