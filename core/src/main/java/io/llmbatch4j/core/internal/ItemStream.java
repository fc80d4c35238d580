package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.LLMWorkItem;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A run's operator: takes items from the source, starts each as an {@link Item} and emits each
 * ended item, mapped by {@code emit} (its result, or an indexed result for {@code processAll}),
 * in completion order ({@link ResultEmitter}). It does what {@code flatMap(item -> call,
 * workerCeiling)} plus a stop switch did, knowing that every item ends exactly once with one
 * value and never fails: no inner subscriber, no inner request, no inner tracking array.
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
 *       ended, and the stream emits those results like any other, then completes. The stream
 *       registers with its run before it subscribes to the source, so {@code close()} also stops
 *       a run that a synchronous source and strategy would finish inside {@code subscribe}.</li>
 *   <li>Errors: a source error cancels the items still running and is emitted once, after
 *       nothing else.</li>
 *   <li>Items taken are counted with an atomic increment that a cancel, error or close re-checks
 *       after: an item the source delivers as the stream stops is either counted (and then ended
 *       by the stop) or discarded uncounted, never counted and lost.</li>
 * </ul>
 */
final class ItemStream<T, C, R> extends Flux<R> {

    private final EngineParts parts;
    private final ItemHooks<T, C> hooks;
    private final Run run;
    private final Publisher<? extends LLMWorkItem<T, C>> source;
    private final Function<Item<T, C>, R> emit;

    ItemStream(EngineParts parts, ItemHooks<T, C> hooks, Run run, Publisher<? extends LLMWorkItem<T, C>> source,
            Function<Item<T, C>, R> emit) {
        this.parts = parts;
        this.hooks = hooks;
        this.run = run;
        this.source = source;
        this.emit = emit;
    }

    @Override
    public void subscribe(CoreSubscriber<? super R> actual) {
        PermitGate gate = parts.gate();
        Source<T, C, R> in = new Source<>(this, new ResultEmitter<>(actual, emit, run, parts.config().workerCeiling(),
                gate::limit));
        run.attach(in); // first: a source that runs the whole batch inside subscribe can still be closed
        Flux.from(source).subscribe(in);
    }

    /** The source's subscriber, the owner of the run's items, and the run's view of its stream. */
    static final class Source<T, C, R> implements CoreSubscriber<LLMWorkItem<T, C>>, Item.Owner<T, C>, Run.Stream {

        private final ItemStream<T, C, R> stream;
        private final ResultEmitter<T, C, R> out;
        private @Nullable Subscription upstream;

        Source(ItemStream<T, C, R> stream, ResultEmitter<T, C, R> out) {
            this.stream = stream;
            this.out = out;
        }

        @Override
        public Context currentContext() {
            return out.actual().currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                out.connect(s);
            }
        }

        @Override
        public void onNext(LLMWorkItem<T, C> workItem) {
            if (workItem == null) {
                failFromSource(new NullPointerException("the item source emitted null (item #" + out.taken() + ")"));
                return;
            }
            long index = out.take();
            // checked after the count: a stop (cancel; a close or error, which set done) that did not
            // see this item is seen here; so is an item after the source's end
            if (out.cancelled || out.done) {
                Operators.onDiscard(workItem, currentContext()); // the source was cancelled: a late item
                out.untake();
                return;
            }
            Run run = stream.run;
            Item<T, C> item = null;
            try {
                item = new Item<>(stream.parts, stream.hooks, run, index, workItem, 0);
                item.start(this);
            } catch (Throwable e) {
                Faults.throwIfFatal(e);
                if (item == null) {
                    out.untake();
                } else {
                    item.cancel();
                }
                failFromSource(e);
                return;
            }
            if (!run.stoppable) {
                if (!item.finished()) {
                    track(item);
                }
            } else if (out.cancelled || out.error != null) {
                item.cancel(); // it joined the active set as the stop went through it
            }
        }

        /** Keeps a running item where a cancel or close finds it; the item removes itself when it ends. */
        private void track(Item<T, C> item) {
            item.track();
            if (item.finished()) {
                return;
            }
            // the stop went through the set before the item was in it
            ErrorInfo closed = stream.run.closeReason;
            if (closed != null) {
                item.stop(closed, true);
            } else if (out.cancelled || out.error != null) {
                item.cancel();
            }
        }

        private void failFromSource(Throwable e) {
            out.cancelSource();
            onError(e);
        }

        @Override
        public void onError(Throwable t) {
            out.fail(t);
        }

        @Override
        public void onComplete() {
            out.complete();
        }

        @Override
        public void ended(Item<T, C> item) {
            out.ended(item);
        }

        @Override
        public void close() {
            out.close();
        }

        @Override
        public long taken() {
            return out.taken();
        }

        @Override
        public boolean terminated() {
            return out.terminated();
        }
    }
}
