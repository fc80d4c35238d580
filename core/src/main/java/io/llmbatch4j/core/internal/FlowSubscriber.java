package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.WorkItemResult;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

/** Subscribes an item's slow path ({@link ItemFlow}) on behalf of its {@link ItemTask}: its one result ends the item. */
final class FlowSubscriber<T, C> implements CoreSubscriber<WorkItemResult<T, C>> {

    private final ItemTask<T, C> task;

    FlowSubscriber(ItemTask<T, C> task) {
        this.task = task;
    }

    @Override
    public Context currentContext() {
        return task.currentContext();
    }

    @Override
    public void onSubscribe(Subscription s) {
        task.setInner(s);
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(WorkItemResult<T, C> r) {
        task.end(r);
    }

    @Override
    public void onError(Throwable e) {
        task.end(task.failure(task.engine.classify(e)));
    }

    @Override
    public void onComplete() {
        if (!task.ended()) {
            task.end(task.failure(ErrorInfo.of(ErrorKind.PERMANENT, "the item's flow ended without a result")));
        }
    }
}
