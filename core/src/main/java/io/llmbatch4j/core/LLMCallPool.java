package io.llmbatch4j.core;

import io.llmbatch4j.core.internal.EngineClock;
import io.llmbatch4j.core.internal.PoolCore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import io.llmbatch4j.core.internal.Engine;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A long-lived, thread-safe pool of LLM calls for services (WebFlux handlers and the like): any
 * number of concurrent callers share one worker bound, one rate-limit cooldown, the same retries,
 * timeouts, admission scopes, observers and counters. It is the {@link ParallelBatchProcessor}'s
 * engine behind another facade: each call is an item of one long-lived run.
 *
 * <ul>
 *   <li>{@link #call} is lazy: nothing happens until it is subscribed, and each subscription is a
 *       new call. It emits the response, or errors with {@link LLMCallFailedException} (after
 *       retries; {@link LLMCallFailedException#error()} is the classified error) or
 *       {@link CallRejectedException} (too many pending, submit timeout, closed).
 *   <li>Cancelling the subscription cancels the call (a running attempt included) and frees its
 *       permits at once.
 *   <li>{@link #close()} ends every pending call as cancelled, runs the strategies'
 *       {@code cleanup()} and rejects later calls. Closing twice is harmless.
 * </ul>
 * Observers see {@code ItemStarted}/{@code ItemSucceeded}/... events with ids {@code call-N} and
 * run id {@code pool}; there is no batch event. Fail-fast and the batch deadline do not apply.
 */
public final class LLMCallPool implements AutoCloseable {

    private final PoolCore core;
    private final CallPoolConfig config;

    private LLMCallPool(Builder b) {
        this.config = b.config;
        EngineClock clock = b.scheduler == null ? EngineClock.precise(Schedulers.parallel()) : EngineClock.of(b.scheduler);
        this.core = new PoolCore(b.config.processor(), b.observers, b.classifier, clock, b.eventScheduler,
                b.config.maxPending(), b.config.submitTimeout());
    }

    /** {@return a builder with {@link CallPoolConfig#defaults()} and no observers} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Calls {@code strategy} with {@code prompt} when subscribed; see the class description.
     *
     * @param strategy how to call the model
     * @param prompt the prompt
     * @param <T> the strategy's output type
     * @return the response; an error is a {@link CallRejectedException} or an {@link LLMCallFailedException}
     */
    public <T> Mono<LLMResponse<T>> call(LLMCallStrategy<T> strategy, String prompt) {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(prompt, "prompt");
        return core.submit(strategy, prompt);
    }

    /** {@return how many calls are waiting or running now} */
    public int pending() {
        return core.pending();
    }

    /**
     * Sets the worker limit, live (as {@link ParallelBatchProcessor#setMaxWorkers(int)}).
     *
     * @param maxWorkers {@code 1 <= maxWorkers <= workerCeiling}
     */
    public void setMaxWorkers(int maxWorkers) {
        core.setMaxWorkers(maxWorkers);
    }

    /**
     * Sets an admission scope's limit, live.
     *
     * @param key the scope key
     * @param limit at least 1
     */
    public void setScopeLimit(String key, int limit) {
        core.setScopeLimit(key, limit);
    }

    /** {@return a snapshot of the pool's counters since it was built} */
    public ProcessorStats stats() {
        return core.stats();
    }

    /** {@return the pool's settings} */
    public CallPoolConfig config() {
        return config;
    }

    /**
     * Closes the pool; completes when the strategies are cleaned up.
     *
     * @return a {@code Mono} completing when the strategies are cleaned up
     */
    public Mono<Void> closeAsync() {
        return core.close();
    }

    /**
     * Like {@link #closeAsync()}; waits up to 30 s unless called on a non-blocking thread. Never
     * throws: past 30 s it returns and logs a WARN line saying what it left running (a
     * {@code cleanup()} that has not completed), as {@link ParallelBatchProcessor#close()} does.
     */
    @Override
    public void close() {
        Engine.closeAndReport(core.closeWithin(Duration.ofSeconds(30), Schedulers.parallel()), LLMCallPool.class);
    }

    /** Builds an {@link LLMCallPool}. */
    public static final class Builder {
        private CallPoolConfig config = CallPoolConfig.defaults();
        private final List<ProcessingObserver> observers = new ArrayList<>();
        private ErrorClassifier classifier = ErrorClassifier.defaults();
        private Scheduler scheduler;
        private Scheduler eventScheduler = Schedulers.boundedElastic();

        private Builder() {}

        /**
         * The pool's settings (default {@link CallPoolConfig#defaults()}).
         *
         * @param config the settings
         * @return this builder
         */
        public Builder config(CallPoolConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Adds observers; each gets every event on its own lane.
         *
         * @param observer the observers
         * @return this builder
         */
        public Builder observer(ProcessingObserver... observer) {
            for (ProcessingObserver o : observer) {
                observers.add(Objects.requireNonNull(o, "observer"));
            }
            return this;
        }

        /**
         * How errors are classified (default {@link ErrorClassifier#defaults()}).
         *
         * @param classifier the classifier
         * @return this builder
         */
        public Builder errorClassifier(ErrorClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "errorClassifier");
            return this;
        }

        /**
         * Timeouts, backoff, cooldowns and the clock (default {@link Schedulers#parallel()}).
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Where observers are called (default {@link Schedulers#boundedElastic()}).
         *
         * @param eventScheduler the scheduler
         * @return this builder
         */
        public Builder eventScheduler(Scheduler eventScheduler) {
            this.eventScheduler = Objects.requireNonNull(eventScheduler, "eventScheduler");
            return this;
        }

        /** {@return the pool, ready for calls} */
        public LLMCallPool build() {
            return new LLMCallPool(this);
        }
    }
}
