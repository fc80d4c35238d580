package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMWorkItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The processor's add-then-run queue ({@code addWork}, then {@code processAll()}): refuses an
 * item queued twice (the same instance) and any item while a run of the queue is going (that run
 * took the queue when it started, so a later item would silently wait for the next one).
 */
public final class WorkQueue<T, C> {

    private final List<LLMWorkItem<T, C>> pending = new ArrayList<>();
    /** The items in {@link #pending}, by identity; guarded by {@link #pending}. */
    private final Set<LLMWorkItem<T, C>> queued = Collections.newSetFromMap(new IdentityHashMap<>());
    /** True while a run of the queue is going; guarded by {@link #pending}. */
    private boolean running;

    public void add(LLMWorkItem<T, C> item) {
        Objects.requireNonNull(item, "item");
        synchronized (pending) {
            if (running) {
                throw new IllegalStateException("addWork(" + item.itemId() + ") while processAll() is running: the"
                        + " running batch took the queue when it started; add items after it completes, or stream"
                        + " them with process(Publisher)");
            }
            if (!queued.add(item)) {
                throw new IllegalArgumentException("item '" + item.itemId() + "' was added twice (the same"
                        + " instance); each item runs once per batch");
            }
            pending.add(item);
        }
    }

    /** On subscription, takes the queue and runs it through {@code run}; items are refused until it ends. */
    public Mono<BatchResult<T, C>> runAll(Function<List<LLMWorkItem<T, C>>, Mono<BatchResult<T, C>>> run) {
        return Mono.defer(() -> {
            List<LLMWorkItem<T, C>> batch;
            synchronized (pending) {
                batch = new ArrayList<>(pending);
                pending.clear();
                queued.clear();
                running = true;
            }
            return run.apply(batch).doFinally(s -> {
                synchronized (pending) {
                    running = false;
                }
            });
        });
    }

    /**
     * {@code items} as a list.
     *
     * @throws IllegalArgumentException naming the position of a {@code null} item
     */
    public static <T, C> List<LLMWorkItem<T, C>> listOf(Iterable<? extends LLMWorkItem<T, C>> items) {
        List<LLMWorkItem<T, C>> list = new ArrayList<>();
        int i = 0;
        for (LLMWorkItem<T, C> item : items) {
            if (item == null) {
                throw new IllegalArgumentException("items[" + i + "] is null");
            }
            list.add(item);
            i++;
        }
        return list;
    }
}
