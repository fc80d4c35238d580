package io.llmbatch4j.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link LLMCallPool}. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code processor}: workers, timeouts, retries, rate limits, scopes, dry run — as for a
 *       {@link ParallelBatchProcessor} (its guardrails and duplicate-id check do not apply).
 *   <li>{@code maxPending}: calls waiting or running at most; a call past it fails at once with
 *       {@link CallRejectedException}.
 *   <li>{@code submitTimeout}: how long a call may wait for admission (scope and worker, cooldowns
 *       included) before it fails with {@link CallRejectedException}; {@code null} for no bound.
 * </ul>
 */
public final class CallPoolConfig {

    /** The most calls waiting or running unless set. */
    public static final int DEFAULT_MAX_PENDING = 10_000;
    /** How long a call may wait for admission unless set. */
    public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(30);

    private final ProcessorConfig processor;
    private final int maxPending;
    private final @Nullable Duration submitTimeout;

    private CallPoolConfig(Builder b) {
        this.processor = b.processor;
        this.maxPending = b.maxPending;
        this.submitTimeout = b.submitTimeout;
    }

    /**
     * {@return the defaults: {@link ProcessorConfig#defaults()}, {@value #DEFAULT_MAX_PENDING} pending calls,
     * 30 s to be admitted}
     */
    public static CallPoolConfig defaults() {
        return builder().build();
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return workers, timeouts, retries, rate limits, scopes and dry run of the pool's engine} */
    public ProcessorConfig processor() {
        return processor;
    }

    /** {@return the most calls waiting or running} */
    public int maxPending() {
        return maxPending;
    }

    /** {@return how long a call may wait for admission, or {@code null} for no bound} */
    public @Nullable Duration submitTimeout() {
        return submitTimeout;
    }

    @Override
    public String toString() {
        return "CallPoolConfig[processor=" + processor + ", maxPending=" + maxPending + ", submitTimeout="
                + submitTimeout + "]";
    }

    /** Builds a {@link CallPoolConfig}; {@link #build()} validates every field at once. */
    public static final class Builder {
        private ProcessorConfig processor = ProcessorConfig.defaults();
        private int maxPending = DEFAULT_MAX_PENDING;
        private @Nullable Duration submitTimeout = DEFAULT_SUBMIT_TIMEOUT;

        private Builder() {}

        /**
         * Workers, timeouts, retries, rate limits, scopes and dry run of the pool's engine.
         *
         * @param processor the processor settings
         * @return this builder
         */
        public Builder processor(ProcessorConfig processor) {
            this.processor = processor;
            return this;
        }

        /**
         * The most calls waiting or running; a call past it fails at once.
         *
         * @param maxPending at least 1
         * @return this builder
         */
        public Builder maxPending(int maxPending) {
            this.maxPending = maxPending;
            return this;
        }

        /**
         * {@code null} for no bound.
         *
         * @param submitTimeout positive, or {@code null}
         * @return this builder
         */
        public Builder submitTimeout(@Nullable Duration submitTimeout) {
            this.submitTimeout = submitTimeout;
            return this;
        }

        /**
         * @return the config
         * @throws InvalidConfigException naming every bad field
         */
        public CallPoolConfig build() {
            new ConfigChecks("CallPoolConfig")
                    .notNull("processor", processor)
                    .atLeast("maxPending", maxPending, 1)
                    .positiveOrNull("submitTimeout", submitTimeout)
                    .throwIfAny();
            return new CallPoolConfig(this);
        }
    }
}
