package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.LLMWorkItem;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;
import reactor.util.context.Context;

/**
 * A run's operator: takes items from the source, starts each as an {@link ItemTask} and emits
 * each ended item (its result, or the task itself for {@code processAll}) in completion order.
 * It does what {@code flatMap(item -> task, workerCeiling)} plus a stop switch did, with the
 * knowledge that every inner ends exactly once with one value and never fails: no inner
 * subscriber, no inner request, no inner tracking array, and one serializer for results, errors
 * and the stop, so an item that ends at once costs three atomic operations here.
 *
 * <ul>
 *   <li>Memory: at most {@code workerCeiling} items are requested ahead of what was emitted, so
 *       items running plus results waiting for demand never exceed it.</li>
 *   <li>Cancellation (downstream cancel): the source is cancelled and every item still running
 *       is cancelled (it ends CANCELLED, through its middleware's {@code afterProcess}); results
 *       not yet emitted go to the discard hook. Items that end during their own start are never
 *       tracked; the others are kept in the run's {@code active} set until they end (in a run that
 *       can be stopped early, every item is, from its start).</li>
 *   <li>Close ({@link Run#close}): the source is cancelled, the run ends every item not yet
 *       ended, and the stream emits those results like any other, then completes.</li>
 *   <li>The stream registers with its run before it subscribes to the source, so
 *       {@code close()} also stops a run that a synchronous source and strategy would finish
 *       inside {@code subscribe}.</li>
 *   <li>Errors: a source error cancels the items still running and is emitted once, after
 *       nothing else.</li>
 *   <li>However it ends, once every item it took has ended the stream tells its run
 *       ({@link Run#itemsEnded}), whose end (cleanup, {@code BatchCompleted}) waits for that.
 *       Items taken are counted with an atomic increment that a cancel, error or close
 *       re-checks after: an item the source delivers as the stream stops is either counted (and
 *       then ended by the stop) or discarded uncounted, never counted and lost.</li>
 * </ul>
 */
final class ItemStream<T, C> extends Flux<Object> {

    private final Engine<T, C> engine;
    private final Run run;
    private final Publisher<? extends LLMWorkItem<T, C>> source;
    private final boolean emitResults;

    /** @param emitResults emit each ended item's result; otherwise its task (for {@code processAll}) */
    ItemStream(Engine<T, C> engine, Run run, Publisher<? extends LLMWorkItem<T, C>> source, boolean emitResults) {
        this.engine = engine;
        this.run = run;
        this.source = source;
        this.emitResults = emitResults;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Object> actual) {
        Main<T, C> main = new Main<>(engine, run, actual, engine.config.workerCeiling(), emitResults);
        run.attach(main); // first: a source that runs the whole batch inside subscribe can still be closed
        Flux.from(source).subscribe(main);
    }

    static final class Main<T, C> implements CoreSubscriber<LLMWorkItem<T, C>>, Subscription, ItemOwner<T, C> {

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Main> WIP =
                AtomicIntegerFieldUpdater.newUpdater(Main.class, "wip");
        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<Main> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(Main.class, "requested");
        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<Main> CREATED =
                AtomicLongFieldUpdater.newUpdater(Main.class, "created");
        @SuppressWarnings("rawtypes")
        private static final AtomicReferenceFieldUpdater<Main, Throwable> ERROR =
                AtomicReferenceFieldUpdater.newUpdater(Main.class, Throwable.class, "error");

        private final Engine<T, C> engine;
        private final Run run;
        private final CoreSubscriber<? super Object> actual;
        private final int prefetch;
        /** The largest batch requested from the source; 0 when the source is unbounded. */
        private final int limit;
        private final boolean emitResults;
        private final Queue<ItemTask<T, C>> ended = Queues.<ItemTask<T, C>>unboundedMultiproducer().get();

        private volatile @Nullable Subscription upstream;
        /** True once downstream has its subscription: nothing is emitted before. */
        private volatile boolean ready;
        private volatile int wip;
        private volatile long requested;
        /** The source completed, failed, or {@link #close()} cancelled it: {@link #created} only shrinks now. */
        private volatile boolean done;
        private volatile boolean cancelled;
        /** Set by {@link #close()}: the source is cancelled; the stream completes once every item taken has ended. */
        private volatile boolean closing;
        private volatile @Nullable Throwable error;
        /** Items taken from the source (see the class comment: counted before the stop is checked). */
        private volatile long created;
        /** Only touched while holding {@link #wip}. */
        private long emitted;
        /** Ended items not emitted (the stream was cancelled or failed); only touched while holding {@link #wip}. */
        private long discarded;
        private int consumed;
        private boolean terminated;
        private boolean itemsEnded;

        Main(Engine<T, C> engine, Run run, CoreSubscriber<? super Object> actual, int ceiling, boolean emitResults) {
            this.engine = engine;
            this.emitResults = emitResults;
            this.run = run;
            this.actual = actual;
            this.prefetch = ceiling;
            this.limit = ceiling == Integer.MAX_VALUE ? 0 : ceiling - (ceiling >> 2);
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!Operators.validate(upstream, s)) {
                return;
            }
            upstream = s;
            actual.onSubscribe(this);
            ready = true;
            if (stopping()) {
                s.cancel();
                drain();
                return;
            }
            s.request(limit == 0 ? Long.MAX_VALUE : prefetch);
        }

        @Override
        public void onNext(LLMWorkItem<T, C> item) {
            if (item == null) {
                failFromSource(new NullPointerException("the item source emitted null (item #" + created + ")"));
                return;
            }
            long index = CREATED.getAndIncrement(this);
            // checked after the count: a stop (cancel; a close or error, which set done) that did not
            // see this item is seen here; so is an item after the source's end
            if (cancelled || done) {
                refuse(item);
                return;
            }
            ItemTask<T, C> task = null;
            try {
                task = new ItemTask<>(engine, run, index, item);
                task.start(this);
            } catch (Throwable e) {
                startFailed(task, e);
                return;
            }
            if (!run.stoppable) {
                if (!task.ended()) {
                    track(task);
                }
            } else if (cancelled || error != null) {
                task.cancel(); // it joined the active set as the stop went through it
            }
        }

        /** An item that came as the stream stopped or after it ended: not taken (uncounted), discarded. */
        private void refuse(LLMWorkItem<T, C> item) {
            CREATED.decrementAndGet(this);
            Operators.onDiscard(item, actual.currentContext()); // the source was cancelled: a late item
            drain(); // a drain may wait for the count
        }

        /** Building or starting an item threw: the run fails, as for a source error. */
        private void startFailed(@Nullable ItemTask<T, C> task, Throwable e) {
            Faults.throwIfFatal(e);
            if (task == null) {
                CREATED.decrementAndGet(this);
            } else {
                task.cancel();
            }
            failFromSource(e);
        }

        /** Keeps a running item where a cancel or close finds it; the item removes itself when it ends. */
        private void track(ItemTask<T, C> task) {
            task.tracked = true;
            run.active.add(task);
            if (task.ended()) {
                run.active.remove(task); // it ended meanwhile and may have missed the flag
                return;
            }
            // the stop went through the set before the task was in it
            ErrorInfo closed = run.closeReason;
            if (closed != null) {
                task.stop(closed, true);
            } else if (cancelled || error != null) {
                task.cancel();
            }
        }

        /** Cancelled downstream, ending with an error (the source's), or closing. */
        private boolean stopping() {
            return cancelled || error != null || closing;
        }

        private void failFromSource(Throwable e) {
            cancelSource();
            onError(e);
        }

        private void cancelSource() {
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done || !ERROR.compareAndSet(this, null, t)) {
                Operators.onErrorDropped(t, actual.currentContext());
                return;
            }
            done = true;
            cancelRunning();
            drain();
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            drain();
        }

        /**
         * The processor closes ({@link Run#close}, which has ended the items it found): the source
         * is cancelled; the stream emits the remaining results, then completes.
         */
        void close() {
            if (!closing) {
                closing = true;
                done = true; // no more items: the stream completes once those taken have ended
                cancelSource();
                drain();
            }
        }

        /** Items taken so far. */
        long taken() {
            return created;
        }

        /** True once the stream has sent its terminal signal, or was cancelled (a racy read, for diagnostics). */
        boolean terminated() {
            return terminated;
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
            run.cancelled = true; // a stream's run is never a pool's shared one
            cancelSource();
            cancelRunning();
            drain();
        }

        private void cancelRunning() {
            for (ItemTask<?, ?> task : run.active) {
                task.cancel();
            }
        }

        /** An item has its result (called once per item, from whichever thread ended it). */
        @Override
        public void ended(ItemTask<T, C> task) {
            if (wip == 0 && WIP.compareAndSet(this, 0, 1)) {
                if (!emitAtOnce(task)) {
                    ended.offer(task);
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
                ended.offer(task);
                drain();
            }
        }

        /** Holding {@link #wip}: emits {@code task} when nothing waits before it and there is demand. */
        private boolean emitAtOnce(ItemTask<T, C> task) {
            if (terminated || cancelled || error != null) {
                discard(task); // the drain ends the stream, if it has not
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
            actual.onNext(value(task));
            replenish();
            return true;
        }

        /** Holding {@link #wip}: a result that will not be emitted goes to the discard hook ({@code doOnDiscard}). */
        private void discard(ItemTask<T, C> task) {
            discarded++;
            Operators.onDiscard(value(task), actual.currentContext());
        }

        private void discardEnded() {
            for (ItemTask<T, C> task; (task = ended.poll()) != null; ) {
                discard(task);
            }
        }

        /** Holding {@link #wip}, once terminated: tells the run when every item taken has ended. */
        private void checkItemsEnded() {
            if (!itemsEnded && emitted + discarded == created) {
                itemsEnded = true;
                run.itemsEnded.tryEmitEmpty();
            }
        }

        private Object value(ItemTask<T, C> task) {
            return emitResults ? task.result() : task;
        }

        /**
         * Asks the source for as many items as were emitted, in batches small enough that the items
         * taken but not emitted never drop below the worker limit: with the limit near the ceiling,
         * a batch of 3/4 of the ceiling would leave workers idle until it came.
         */
        private void replenish() {
            if (limit != 0 && ++consumed >= Math.max(1, Math.min(limit, prefetch - engine.gate.limit()))) {
                int n = consumed;
                consumed = 0;
                Subscription s = upstream;
                if (s != null) {
                    s.request(n);
                }
            }
        }

        private void drain() {
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
            CoreSubscriber<? super Object> a = actual;
            long r = requested;
            long e = emitted;
            for (;;) {
                if (cancelled) {
                    terminated = true;
                    discardEnded();
                    checkItemsEnded();
                    return;
                }
                Throwable err = error;
                if (err != null) {
                    terminated = true;
                    discardEnded();
                    checkItemsEnded();
                    a.onError(err);
                    return;
                }
                if (done && e == created) {
                    terminated = true;
                    checkItemsEnded();
                    a.onComplete();
                    return;
                }
                if (e == r) {
                    r = requested;
                    if (e == r) {
                        break;
                    }
                }
                ItemTask<T, C> task = ended.poll();
                if (task == null) {
                    break;
                }
                emitted = ++e;
                a.onNext(value(task));
                replenish();
            }
        }
    }
}
