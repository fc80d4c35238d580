package io.llmbatch4j.core;

import io.llmbatch4j.core.internal.ConfigValidation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    public static final int DEFAULT_MAX_PENDING = 10_000;
    public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(30);

    @NotNull
    @Valid
    private final ProcessorConfig processor;
    @Min(1)
    private final int maxPending;
    private final @Nullable Duration submitTimeout;

    private CallPoolConfig(Builder b) {
        this.processor = b.processor;
        this.maxPending = b.maxPending;
        this.submitTimeout = b.submitTimeout;
    }

    public static CallPoolConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public ProcessorConfig processor() {
        return processor;
    }

    public int maxPending() {
        return maxPending;
    }

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

        public Builder processor(ProcessorConfig processor) {
            this.processor = processor;
            return this;
        }

        public Builder maxPending(int maxPending) {
            this.maxPending = maxPending;
            return this;
        }

        /** {@code null} for no bound. */
        public Builder submitTimeout(@Nullable Duration submitTimeout) {
            this.submitTimeout = submitTimeout;
            return this;
        }

        /** @throws InvalidConfigException naming every bad field */
        public CallPoolConfig build() {
            List<String> extra = new ArrayList<>();
            if (submitTimeout != null && (submitTimeout.isNegative() || submitTimeout.isZero())) {
                extra.add("submitTimeout must be positive or null (was " + submitTimeout + ")");
            }
            return ConfigValidation.validate("CallPoolConfig", new CallPoolConfig(this), extra);
        }
    }
}
