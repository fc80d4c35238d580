package io.llmbatch4j.core.internal;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;

/**
 * The downstream side of an {@link ItemStream}: one serializer ({@code wip}) for results,
 * the source's end or error, a close and a downstream cancel. Emits each ended item (as
 * {@code emit} maps it) in completion order; requests from the source so that the items taken but
 * not emitted never exceed the ceiling nor drop below the worker limit; sends results it will not
 * emit (after a cancel or an error) to the discard hook; and, however the stream ends, tells the
 * run once every item taken has ended ({@link Run#itemsEnded}). An item that ends at once costs
 * two atomic operations here.
 */
final class ResultEmitter<T, C, R> implements Subscription {

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<ResultEmitter> WIP =
            AtomicIntegerFieldUpdater.newUpdater(ResultEmitter.class, "wip");
    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<ResultEmitter> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(ResultEmitter.class, "requested");
    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<ResultEmitter> CREATED =
            AtomicLongFieldUpdater.newUpdater(ResultEmitter.class, "created");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<ResultEmitter, Throwable> ERROR =
            AtomicReferenceFieldUpdater.newUpdater(ResultEmitter.class, Throwable.class, "error");

    private final CoreSubscriber<? super R> actual;
    private final Function<Item<T, C>, R> emit;
    private final Run run;
    private final SourceDemand demand;
    private final Queue<Item<T, C>> ended = Queues.<Item<T, C>>unboundedMultiproducer().get();
    private volatile @Nullable Subscription upstream;
    private volatile boolean ready; // downstream has its subscription: nothing is emitted before
    private volatile int wip;
    private volatile long requested;
    volatile boolean done; // the source completed, failed, or a close cancelled it: created only shrinks now
    volatile boolean cancelled;
    volatile boolean closing; // the stream completes once every item taken has ended
    volatile @Nullable Throwable error;
    private volatile long created; // items taken: counted before a stop is checked (see ItemStream)
    // only touched while holding wip
    private long emitted;
    private long discarded;
    private volatile boolean terminated;
    private boolean itemsEnded;
    private volatile long takenAtEnd = -1;

    ResultEmitter(CoreSubscriber<? super R> actual, Function<Item<T, C>, R> emit, Run run, int ceiling,
            IntSupplier workerLimit) {
        this.actual = actual;
        this.emit = emit;
        this.run = run;
        this.demand = new SourceDemand(ceiling, workerLimit);
    }

    CoreSubscriber<? super R> actual() { return actual; }
    /** The source's subscription: downstream gets its own, then the first batch is requested. */
    void connect(Subscription s) {
        upstream = s;
        actual.onSubscribe(this);
        ready = true;
        if (stopping()) {
            s.cancel();
            drain();
            return;
        }
        s.request(demand.initial());
    }

    /** Counts an item taken; returns its index. */
    long take() { return CREATED.getAndIncrement(this); }

    /** An item counted by {@link #take} was not taken after all (refused, or never built). */
    void untake() {
        CREATED.decrementAndGet(this);
        drain(); // a drain may wait for the count
    }

    /**
     * Items taken: once they have all ended, the count then (an item the source delivers as the
     * stream stops is counted for a moment before it is refused; the run's end must not see it).
     */
    long taken() {
        long t = takenAtEnd;
        return t >= 0 ? t : created;
    }

    boolean terminated() { return terminated; }

    /** Cancelled downstream, ending with an error (the source's), or closing. */
    boolean stopping() { return cancelled || error != null || closing; }

    void fail(Throwable t) {
        if (done || !ERROR.compareAndSet(this, null, t)) {
            Operators.onErrorDropped(t, actual.currentContext());
            return;
        }
        done = true;
        cancelRunning();
        drain();
    }

    void complete() {
        if (!done) {
            done = true;
            drain();
        }
    }

    /** The processor closes: the source is cancelled; the stream emits the remaining results, then completes. */
    void close() {
        if (!closing) {
            closing = true;
            done = true;
            cancelSource();
            drain();
        }
    }

    void cancelSource() {
        Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void request(long n) {
        if (Operators.validate(n)) {
            Operators.addCap(REQUESTED, this, n);
            drain();
        }
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        run.markCancelled(); // a stream's run is never a pool's shared one
        cancelSource();
        cancelRunning();
        drain();
    }

    private void cancelRunning() {
        for (Run.Member m : run.active) {
            m.cancel();
        }
    }

    /** An item has its result (once per item, from whichever thread ended it). */
    void ended(Item<T, C> item) {
        if (wip == 0 && WIP.compareAndSet(this, 0, 1)) {
            if (!emitAtOnce(item)) {
                ended.offer(item);
            }
            int missed = WIP.decrementAndGet(this);
            if (missed == 0) {
                if (done) {
                    drain(); // this may have been the last item
                }
                return;
            }
            drainLoop(missed);
        } else {
            ended.offer(item);
            drain();
        }
    }

    /** Holding wip: emits {@code item} when nothing waits before it and there is demand. */
    private boolean emitAtOnce(Item<T, C> item) {
        if (terminated || cancelled || error != null) {
            discard(item); // the drain ends the stream, if it has not
            if (terminated) {
                checkItemsEnded();
            }
            return true;
        }
        long e = emitted;
        if (e == requested || !ended.isEmpty()) {
            return false;
        }
        emitted = e + 1;
        actual.onNext(emit.apply(item));
        replenish();
        return true;
    }

    private void discard(Item<T, C> item) {
        discarded++;
        Operators.onDiscard(emit.apply(item), actual.currentContext());
    }

    private void discardEnded() {
        for (Item<T, C> item; (item = ended.poll()) != null; ) {
            discard(item);
        }
    }

    /** Holding wip, once terminated: tells the run when every item taken has ended. */
    private void checkItemsEnded() {
        if (!itemsEnded && emitted + discarded == created) {
            itemsEnded = true;
            takenAtEnd = emitted + discarded;
            run.itemsEnded.tryEmitEmpty();
        }
    }

    /** Asks the source for more as results go out ({@link SourceDemand}). */
    private void replenish() {
        int n = demand.emitted();
        Subscription s = upstream;
        if (n > 0 && s != null) {
            s.request(n);
        }
    }

    void drain() {
        if (WIP.getAndIncrement(this) == 0) {
            drainLoop(1);
        }
    }

    private void drainLoop(int missed) {
        for (;;) {
            if (ready) {
                emitLoop();
            }
            missed = WIP.addAndGet(this, -missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void emitLoop() {
        if (terminated) {
            discardEnded(); // items cancelled by the stream's end go on ending
            checkItemsEnded();
            return;
        }
        long r = requested;
        long e = emitted;
        for (;;) {
            if (cancelled) {
                terminate();
                return;
            }
            Throwable err = error;
            if (err != null) {
                terminate();
                actual.onError(err);
                return;
            }
            if (done && e == created) {
                terminated = true;
                checkItemsEnded();
                actual.onComplete();
                return;
            }
            if (e == r) {
                r = requested;
                if (e == r) {
                    break;
                }
            }
            Item<T, C> item = ended.poll();
            if (item == null) {
                break;
            }
            emitted = ++e;
            actual.onNext(emit.apply(item));
            replenish();
        }
    }

    private void terminate() {
        terminated = true;
        discardEnded();
        checkItemsEnded();
    }
}
