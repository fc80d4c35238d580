package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.WorkItemResult;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/** The item an {@link AttemptLoop} works for, as the loop sees it (an {@link Item}). */
interface LoopItem<T, C> {
    LLMWorkItem<T, C> workItem();

    String runId();

    long startNanos();

    /** Ends the item with {@code result} (ignored once it has ended). */
    void finish(WorkItemResult<T, C> result);

    /** Why the item must not make another attempt (stopped, its run stopped), or null. */
    @Nullable ErrorInfo stopReason();

    /** True when no call may start any more. */
    boolean abandoned();

    /** True once the item has its result. */
    boolean finished();

    /** A call started: the admission timeout no longer applies. */
    void admitted();

    Context context();
}
