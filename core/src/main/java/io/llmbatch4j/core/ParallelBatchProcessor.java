package io.llmbatch4j.core;

import io.llmbatch4j.core.internal.Engine;
import io.llmbatch4j.core.internal.EngineClock;
import io.llmbatch4j.core.internal.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs {@link LLMWorkItem}s through their strategies in parallel.
 *
 * <ul>
 *   <li><b>Concurrency</b>: at most {@code maxWorkers} strategy calls are in flight across all runs
 *       of this processor; {@link #setMaxWorkers(int)} changes that during a run (raising acts at
 *       once, lowering as running calls finish; nothing running is cancelled).
 *   <li><b>Attempts</b>: each call gets {@link ProcessorConfig#timeoutPerItem()} once it has a
 *       worker, then is cancelled and classified {@link ErrorKind#TIMEOUT}. Errors are classified
 *       by the {@link ErrorClassifier}; {@link RetryConfig} says which kinds are retried, how often
 *       and with what backoff. The strategy's {@code onError} runs after every failed attempt.
 *   <li><b>Rate limits</b>: a {@link ErrorKind#RATE_LIMIT} pauses every worker for a coordinated
 *       cooldown ({@link RateLimitConfig}); attempts of every item, retries included, wait for it;
 *       afterwards calls resume gradually.
 *   <li><b>Failures stay items</b>: a failing item, {@code prepare()}, middleware, hook, classifier
 *       or observer — {@link Error}s included, except the JVM-fatal ones Reactor rethrows (out of
 *       memory, linkage errors) — becomes a failed {@link WorkItemResult}, never a failed run. The
 *       returned publishers only error when the source errors. Every hook ({@code prepare()},
 *       {@code onError()}, {@code cleanup()}, middleware) ends by {@link ProcessorConfig#hookTimeout()}.
 *   <li><b>Cancellation and close</b>: see {@link #process} and {@link #close()}. Either way every
 *       item taken from the source ends exactly once, and observers and middleware see it end.
 *   <li><b>Guardrails</b>: an item deadline ({@link ProcessorConfig#totalTimeoutPerItem()}), a batch
 *       deadline and fail-fast ({@link GuardrailConfig}); {@link BatchResult#outcome()} says how a
 *       run ended. Admission scopes bound the calls per model ({@link ProcessorConfig#scopeLimits()}).
 *   <li><b>Post-processing</b>: a {@link PostProcessor} runs for every result and never fails an item.
 * </ul>
 *
 * <p>For services that make single calls from many requests, use {@link LLMCallPool}: the same
 * engine behind a {@code call(strategy, prompt)} facade.
 *
 * <p>Thread-safe; several runs may share one processor (and its worker bound and cooldown).
 */
public final class ParallelBatchProcessor<T, C> implements AutoCloseable {

    /** How long {@link #close()} waits for cleanup when called from a thread that may block. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Engine<T, C> engine;
    private final ProcessorConfig config;
    private final EngineClock clock;
    private final WorkQueue<T, C> queue = new WorkQueue<>();

    private ParallelBatchProcessor(Builder<T, C> b) {
        this.config = b.config;
        this.clock = b.scheduler == null ? EngineClock.precise(Schedulers.parallel()) : EngineClock.of(b.scheduler);
        this.engine = new Engine<>(b.config, b.middlewares, b.observers, b.classifier, clock, b.eventScheduler,
                b.postProcessor);
    }

    /**
     * {@return a builder with {@link ProcessorConfig#defaults()}, no middleware and no observers}
     * @param <T> the strategies' output type
     * @param <C> the items' context type
     */
    public static <T, C> Builder<T, C> builder() {
        return new Builder<>();
    }

    /**
     * Processes {@code items} as they arrive and emits each result when its item ends, in
     * completion order. Memory is bounded: at most {@code workerCeiling} items are requested ahead
     * of the workers, and nothing is kept after it is emitted. Completes after the run's strategies
     * are cleaned up and observers have caught up. Each subscription is a separate run.
     *
     * <p><b>Cancelling the subscription</b> stops the run: the source is cancelled and every item
     * not yet ended ends as {@link ErrorKind#CANCELLED}, its call cancelled. The subscriber asked to
     * stop, so it hears nothing more (results not yet emitted go to Reactor's discard hook); but
     * each such item still ends through the {@code afterProcess} of its middleware (a journal, a
     * budget guard) and as an {@code ItemFailed} event for observers, and an {@code afterProcess}
     * already running (an answer being journaled) is not cut short. The strategies' {@code cleanup()}
     * and {@code BatchCompleted} follow once every item has ended.
     *
     * <p><b>{@link #close()} during the run</b> is not an error of the stream: the source is
     * cancelled, every item not yet ended ends as {@code CANCELLED} ("the processor was closed
     * during the run"), the stream emits those results like any other, then completes.
     * @param items the items; each subscription of the result is one run over them
     * @return the results, in completion order
     */
    public Flux<WorkItemResult<T, C>> process(Publisher<? extends LLMWorkItem<T, C>> items) {
        Objects.requireNonNull(items, "items");
        return engine.runResults(items);
    }

    /**
     * Processes {@code items} and collects every result in input order, with totals. Holds every
     * result in memory: for very large inputs use {@link #process(Publisher)}. The result has one
     * entry per item, also when {@link #close()} ends the run early: items the run had not taken
     * yet are {@link ErrorKind#CANCELLED} with no attempt, and {@link BatchResult#outcome()} is
     * {@link RunOutcome#CANCELLED}.
     * @param items the items
     * @return the batch result, completing when every item has ended
     * @throws IllegalArgumentException naming the position of a {@code null} item
     */
    public Mono<BatchResult<T, C>> processAll(Collection<? extends LLMWorkItem<T, C>> items) {
        return engine.runAll(WorkQueue.listOf(items));
    }

    /**
     * Queues an item for {@link #processAll()} (the add-then-run style).
     * @throws IllegalStateException while a {@link #processAll()} runs: it took the queue when it
     *     started, so a later item would silently wait for the next one
     * @throws IllegalArgumentException when this very item instance is queued already
     * @param item the item
     */
    public void addWork(LLMWorkItem<T, C> item) {
        queue.add(item);
    }

    /**
     * Processes every item queued with {@link #addWork}, taking them off the queue; until it
     * completes (or is cancelled), {@code addWork} is refused.
     * @return the batch result of the queued items
     */
    public Mono<BatchResult<T, C>> processAll() {
        return queue.runAll(this::processAll);
    }

    /**
     * Sets the worker limit, live: calls that start from now on see it.
     * @param maxWorkers the new limit
     * @throws IllegalArgumentException unless {@code 1 <= maxWorkers <= workerCeiling}
     */
    public void setMaxWorkers(int maxWorkers) {
        engine.setMaxWorkers(maxWorkers, "setMaxWorkers");
    }

    /**
     * Sets the worker limit, with a reason for the {@link ProcessingEvent.WorkersChanged} event.
     * @param maxWorkers the new limit, {@code 1 <= maxWorkers <= workerCeiling}
     * @param reason why, for the event
     */
    public void setMaxWorkers(int maxWorkers, String reason) {
        engine.setMaxWorkers(maxWorkers, reason);
    }

    /**
     * Sets the concurrency limit of admission scope {@code key}, live, like {@link #setMaxWorkers(int)}.
     * @param key the scope key
     * @param limit the new limit
     * @throws IllegalArgumentException unless {@code limit >= 1}
     * @throws IllegalStateException when the config has no admission scopes
     */
    public void setScopeLimit(String key, int limit) {
        engine.setScopeLimit(key, limit);
    }

    /** {@return a snapshot of the counters since this processor was built} */
    public ProcessorStats stats() {
        return engine.stats();
    }

    /** {@return the processor's settings} */
    public ProcessorConfig config() {
        return config;
    }

    /**
     * Closes the processor: from this moment no call starts (not a queued item, not a retry in
     * backoff or waiting for a cooldown); every run stops taking items, every item not yet ended
     * ends as {@link ErrorKind#CANCELLED} with its call cancelled, and each run's stream emits
     * those results and completes ({@code processAll} returns its {@link BatchResult}). Completes
     * once every run has ended: items through their {@code afterProcess}, strategies cleaned up,
     * observers caught up — each hook bounded by {@link ProcessorConfig#hookTimeout()}. Later
     * calls of {@code process} fail. Calling it again is harmless.
     * @return a {@code Mono} completing when every run has ended and its strategies are cleaned up
     */
    public Mono<Void> closeAsync() {
        return engine.close();
    }

    /**
     * Like {@link #closeAsync()}, waiting up to {@link #CLOSE_TIMEOUT} for the runs to end (on a
     * non-blocking Reactor thread it does not wait). It never throws: if the runs have not ended
     * by then (a hook that ignores its cancellation, a subscriber that stopped requesting), it
     * returns and logs a WARN line naming each run and what it still does (its items not ended,
     * a {@code cleanup()} not completed), which goes on in the background.
     */
    @Override
    public void close() {
        Engine.closeAndReport(engine.awaitClosed(engine.close(), CLOSE_TIMEOUT, Schedulers.parallel()),
                ParallelBatchProcessor.class);
    }

    /** Closes; emits "" once closed within {@code wait}, else what {@code close()} would log. */
    Mono<String> closeWithin(Duration wait) {
        return engine.awaitClosed(engine.close(), wait, clock.scheduler());
    }

    /** Builds a {@link ParallelBatchProcessor}. */
    public static final class Builder<T, C> {
        private ProcessorConfig config = ProcessorConfig.defaults();
        private final List<Middleware<T, C>> middlewares = new ArrayList<>();
        private final List<ProcessingObserver> observers = new ArrayList<>();
        private ErrorClassifier classifier = ErrorClassifier.defaults();
        private Scheduler scheduler;
        private Scheduler eventScheduler = Schedulers.boundedElastic();
        private PostProcessor<T, C> postProcessor;

        private Builder() {}

        /**
         * Runs for every result ({@link PostProcessor}); at most one.
         * @param postProcessor the post-processor
         * @return this builder
         */
        public Builder<T, C> postProcessor(PostProcessor<T, C> postProcessor) {
            this.postProcessor = Objects.requireNonNull(postProcessor, "postProcessor");
            return this;
        }

        /**
         * The processor's settings (default {@link ProcessorConfig#defaults()}).
         * @param config the settings
         * @return this builder
         */
        public Builder<T, C> config(ProcessorConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Adds middleware; {@code beforeProcess} runs in the order added, {@code afterProcess} in reverse.
         * @param middleware the middleware, in order
         * @return this builder
         */
        @SafeVarargs
        public final Builder<T, C> middleware(Middleware<T, C>... middleware) {
            for (Middleware<T, C> m : middleware) {
                middlewares.add(Objects.requireNonNull(m, "middleware"));
            }
            return this;
        }

        /**
         * Adds observers; each gets every event, in order, on its own bounded lane off the workers' path.
         * @param observer the observers
         * @return this builder
         */
        public Builder<T, C> observer(ProcessingObserver... observer) {
            for (ProcessingObserver o : observer) {
                observers.add(Objects.requireNonNull(o, "observer"));
            }
            return this;
        }

        /**
         * How errors are classified (default {@link ErrorClassifier#defaults()}).
         * @param classifier the classifier
         * @return this builder
         */
        public Builder<T, C> errorClassifier(ErrorClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "errorClassifier");
            return this;
        }

        /**
         * The scheduler for timeouts, backoff, cooldowns and the clock (default
         * {@link Schedulers#parallel()}); tests pass a virtual-time scheduler.
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder<T, C> scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Where observers are called (default {@link Schedulers#boundedElastic()}).
         * @param eventScheduler the scheduler
         * @return this builder
         */
        public Builder<T, C> eventScheduler(Scheduler eventScheduler) {
            this.eventScheduler = Objects.requireNonNull(eventScheduler, "eventScheduler");
            return this;
        }

        /** {@return the processor} */
        public ParallelBatchProcessor<T, C> build() {
            return new ParallelBatchProcessor<>(this);
        }
    }
}
