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
    private final EngineClock clock;
    private final EventDispatcher events;
    private final EngineStats stats;
    private final Scheduler asyncScheduler;

    PostProcessing(PostProcessor<T, C> processor, Duration timeout, PostProcessMode mode, EngineClock clock,
            EventDispatcher events, EngineStats stats, Scheduler asyncScheduler) {
        this.processor = processor;
        this.timeout = timeout;
        this.inline = mode == PostProcessMode.INLINE;
        this.clock = clock;
        this.events = events;
        this.stats = stats;
        this.asyncScheduler = asyncScheduler;
    }

    boolean inline() {
        return inline;
    }

    /** Runs it, then {@code then} (always, once). */
    void runInline(String runId, WorkItemResult<T, C> r, Runnable then) {
        bounded(runId, r).subscribe(null, null, then);
    }

    void runAsync(String runId, WorkItemResult<T, C> r) {
        bounded(runId, r).subscribeOn(asyncScheduler).subscribe();
    }

    private Mono<Void> bounded(String runId, WorkItemResult<T, C> r) {
        return Faults.<Void>defer(() -> processor.process(r))
                .timeout(timeout, clock.scheduler())
                .onErrorResume(e -> {
                    stats.postProcessFailures.increment();
                    LOG.warn("post-processor {} failed for item {}; the result stands", processor.getClass().getName(),
                            r.itemId(), e);
                    if (events.enabled()) {
                        events.publish(new ProcessingEvent.PostProcessFailed(clock.instant(),
                                runId, r.itemId(), e.getClass().getSimpleName() + ": " + e.getMessage()));
                    }
                    return Mono.empty();
                });
    }
}
