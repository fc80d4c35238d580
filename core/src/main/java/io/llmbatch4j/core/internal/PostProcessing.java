package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.PostProcessMode;
import io.llmbatch4j.core.PostProcessor;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs the {@link PostProcessor} for a result, bounded by its timeout: inline (the item's end
 * waits) or async (on the async scheduler, nobody waits). Never fails: errors and timeouts are
 * logged, counted and published as {@link ProcessingEvent.PostProcessFailed}.
 */
final class PostProcessing<T, C> {

    private static final Logger LOG = LoggerFactory.getLogger(PostProcessing.class);

    private final PostProcessor<T, C> processor;
    private final Duration timeout;
    private final boolean inline;
    private final Engine<T, C> engine;
    private final Scheduler asyncScheduler;

    PostProcessing(PostProcessor<T, C> processor, Duration timeout, PostProcessMode mode, Engine<T, C> engine,
            Scheduler asyncScheduler) {
        this.processor = processor;
        this.timeout = timeout;
        this.inline = mode == PostProcessMode.INLINE;
        this.engine = engine;
        this.asyncScheduler = asyncScheduler;
    }

    boolean inline() {
        return inline;
    }

    /** Runs it, then {@code then} (always, once). */
    void runInline(ItemTask<T, C> task, WorkItemResult<T, C> r, Runnable then) {
        bounded(task, r).subscribe(null, null, then);
    }

    void runAsync(ItemTask<T, C> task, WorkItemResult<T, C> r) {
        bounded(task, r).subscribeOn(asyncScheduler).subscribe();
    }

    private Mono<Void> bounded(ItemTask<T, C> task, WorkItemResult<T, C> r) {
        return Faults.<Void>defer(() -> processor.process(r))
                .timeout(timeout, engine.clock.scheduler())
                .onErrorResume(e -> {
                    engine.stats.postProcessFailures.increment();
                    LOG.warn("post-processor {} failed for item {}; the result stands", processor.getClass().getName(),
                            r.itemId(), e);
                    if (engine.events.enabled()) {
                        engine.events.publish(new ProcessingEvent.PostProcessFailed(engine.clock.instant(),
                                task.run.runId, r.itemId(), e.getClass().getSimpleName() + ": " + e.getMessage()));
                    }
                    return Mono.empty();
                });
    }
}
