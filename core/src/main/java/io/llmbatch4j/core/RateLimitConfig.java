package io.llmbatch4j.core;

import io.llmbatch4j.core.internal.ConfigValidation;
import io.llmbatch4j.core.internal.PositiveDuration;
import io.llmbatch4j.core.quota.QuotaStore;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the processor reacts to rate limits. Immutable; build with {@link #builder()}.
 *
 * <p>A {@link ErrorKind#RATE_LIMIT} error starts a coordinated cooldown: no worker starts a call
 * until it ends. Its length is the provider's retry-after when it sent one, else {@code cooldown},
 * multiplied by {@code cooldownMultiplier} for each further rate limit that follows without a
 * success in between; both are capped at {@code maxCooldown}. Afterwards calls resume gradually:
 * the worker limit starts at {@code slowStartInitialFraction} of its value and doubles every
 * {@code slowStartInterval} until it is whole again ({@code 1.0} turns slow start off).
 *
 * <p><b>Proactive budgets</b> (off by default): with {@code requestsPerMinute} and/or
 * {@code tokensPerMinute} above 0, every attempt (retries included) first reserves one request and
 * its estimated tokens ({@code tokenEstimator}) and waits, before asking for a worker, until the
 * budget allows it: calls are paced evenly at the budget's rate (at most {@code budgetBurst}
 * seconds' worth at once), so a fixed or sliding provider window of the same size is never
 * exceeded. After the call the reservation is corrected with the tokens really spent (a 429
 * returns its reservation, since the provider did not charge it), and later estimates are scaled
 * by how far off earlier ones were. When {@code followProviderQuota} is on (the default) and an
 * answer carries quota headers ({@link RateLimitSnapshot}) saying a window is used up (no requests
 * left, or fewer tokens left than an average call spends), nothing more starts until that window
 * resets. Set the budgets a little under the provider's quota (e.g. 97%) to leave room for
 * network jitter. Waiting for the budget counts towards the item's deadline, not its timeout. A dry
 * run ({@link ProcessorConfig#dryRun()}) is not budgeted.
 */
public final class RateLimitConfig {

    // explicit messages: the parameter interpolator does not evaluate the defaults\' EL expressions
    private static final String GE = "must be greater than or equal to {value}";
    private static final String GT = "must be greater than {value}";
    private static final String LE = "must be less than or equal to {value}";

    /** The cooldown when the provider gave no retry-after, unless set: 5 s. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(5);
    /** The factor each further rate limit multiplies the cooldown by, unless set: 2. */
    public static final double DEFAULT_COOLDOWN_MULTIPLIER = 2.0;
    /** The longest cooldown unless set: 5 minutes. */
    public static final Duration DEFAULT_MAX_COOLDOWN = Duration.ofMinutes(5);
    /** The share of the worker limit a slow start begins with, unless set: a quarter. */
    public static final double DEFAULT_SLOW_START_INITIAL_FRACTION = 0.25;
    /** How often a slow start doubles the limit, unless set: every 2 s. */
    public static final Duration DEFAULT_SLOW_START_INTERVAL = Duration.ofSeconds(2);
    /** One started 4 characters a token, plus 256 answer tokens. */
    public static final TokenEstimator DEFAULT_TOKEN_ESTIMATOR = TokenEstimator.charsPerToken4(256);
    /** How much of a budget may go at once after an idle spell, unless set: nothing. */
    public static final Duration DEFAULT_BUDGET_BURST = Duration.ZERO;

    private static final RateLimitConfig DEFAULTS = builder().build();

    @PositiveDuration
    private final Duration cooldown;
    @DecimalMin(value = "1.0", message = ConfigValidation.GE)
    private final double cooldownMultiplier;
    @PositiveDuration
    private final Duration maxCooldown;
    @DecimalMin(value = "0.0", inclusive = false, message = ConfigValidation.GT)
    @DecimalMax(value = "1.0", message = ConfigValidation.LE)
    private final double slowStartInitialFraction;
    @PositiveDuration
    private final Duration slowStartInterval;
    @Min(0)
    private final long requestsPerMinute;
    @Min(0)
    private final long tokensPerMinute;
    @NotNull
    private final TokenEstimator tokenEstimator;
    @PositiveDuration(allowZero = true)
    private final Duration budgetBurst;
    private final boolean followProviderQuota;
    private final @Nullable QuotaStore quotaStore;
    private final boolean learnLimits;

    private RateLimitConfig(Builder b) {
        this.quotaStore = b.quotaStore;
        this.learnLimits = b.learnLimits;
        this.requestsPerMinute = b.requestsPerMinute;
        this.tokensPerMinute = b.tokensPerMinute;
        this.tokenEstimator = b.tokenEstimator;
        this.budgetBurst = b.budgetBurst;
        this.followProviderQuota = b.followProviderQuota;
        this.cooldown = b.cooldown;
        this.cooldownMultiplier = b.cooldownMultiplier;
        this.maxCooldown = b.maxCooldown;
        this.slowStartInitialFraction = b.slowStartInitialFraction;
        this.slowStartInterval = b.slowStartInterval;
    }

    /**
     * {@return a 5 s cooldown doubling to at most 5 min; slow start from a quarter, doubling every 2 s; no
     * budgets}
     */
    public static RateLimitConfig defaults() {
        return DEFAULTS;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        return new Builder().cooldown(cooldown).cooldownMultiplier(cooldownMultiplier).maxCooldown(maxCooldown)
                .slowStartInitialFraction(slowStartInitialFraction).slowStartInterval(slowStartInterval)
                .requestsPerMinute(requestsPerMinute).tokensPerMinute(tokensPerMinute).tokenEstimator(tokenEstimator)
                .budgetBurst(budgetBurst).followProviderQuota(followProviderQuota).quotaStore(quotaStore)
                .learnLimits(learnLimits);
    }

    /** {@return the requests per minute the processor starts at most; 0 (the default) for no request budget} */
    public long requestsPerMinute() {
        return requestsPerMinute;
    }

    /**
     * {@return the tokens per minute (estimated, then corrected) the processor spends at most; 0 for no token
     * budget}
     */
    public long tokensPerMinute() {
        return tokensPerMinute;
    }

    /** {@return how a call's tokens are estimated before it is made} */
    public TokenEstimator tokenEstimator() {
        return tokenEstimator;
    }

    /** {@return how much of a budget may go at once after an idle spell, as time at the budget's rate} */
    public Duration budgetBurst() {
        return budgetBurst;
    }

    /** {@return whether budgets wait for a window the provider's quota headers report used up} */
    public boolean followProviderQuota() {
        return followProviderQuota;
    }

    /** {@return where the budgets are kept; {@code null} (the default) for in memory, per processor} */
    public @Nullable QuotaStore quotaStore() {
        return quotaStore;
    }

    /**
     * {@return whether the budgets left at 0 are learned from the provider's quota headers (their
     * {@code limit} values, read as per minute); on by itself when a {@link #quotaStore()} is set}
     */
    public boolean learnLimits() {
        return learnLimits || quotaStore != null;
    }

    /** {@return whether a request or token budget is set} */
    public boolean budgeted() {
        return requestsPerMinute > 0 || tokensPerMinute > 0;
    }

    /** {@return the cooldown when the provider gave no retry-after} */
    public Duration cooldown() {
        return cooldown;
    }

    /** {@return the factor each further rate limit without a success in between multiplies the cooldown by} */
    public double cooldownMultiplier() {
        return cooldownMultiplier;
    }

    /** {@return the longest cooldown, retry-after included} */
    public Duration maxCooldown() {
        return maxCooldown;
    }

    /** {@return the share of the worker limit a slow start begins with; 1.0 for no slow start} */
    public double slowStartInitialFraction() {
        return slowStartInitialFraction;
    }

    /** {@return how often a slow start doubles the worker limit} */
    public Duration slowStartInterval() {
        return slowStartInterval;
    }

    @Override
    public String toString() {
        return "RateLimitConfig[cooldown=" + cooldown + ", cooldownMultiplier=" + cooldownMultiplier
                + ", maxCooldown=" + maxCooldown + ", slowStartInitialFraction=" + slowStartInitialFraction
                + ", slowStartInterval=" + slowStartInterval + ", requestsPerMinute=" + requestsPerMinute
                + ", tokensPerMinute=" + tokensPerMinute + ", budgetBurst=" + budgetBurst + ", followProviderQuota="
                + followProviderQuota + ", quotaStore=" + quotaStore + ", learnLimits=" + learnLimits + "]";
    }

    /** Builds a {@link RateLimitConfig}; {@link #build()} validates every field at once. */
    public static final class Builder {
        private Duration cooldown = DEFAULT_COOLDOWN;
        private double cooldownMultiplier = DEFAULT_COOLDOWN_MULTIPLIER;
        private Duration maxCooldown = DEFAULT_MAX_COOLDOWN;
        private double slowStartInitialFraction = DEFAULT_SLOW_START_INITIAL_FRACTION;
        private Duration slowStartInterval = DEFAULT_SLOW_START_INTERVAL;
        private long requestsPerMinute;
        private long tokensPerMinute;
        private TokenEstimator tokenEstimator = DEFAULT_TOKEN_ESTIMATOR;
        private Duration budgetBurst = DEFAULT_BUDGET_BURST;
        private boolean followProviderQuota = true;
        private @Nullable QuotaStore quotaStore;
        private boolean learnLimits;

        private Builder() {}

        /**
         * Where the budgets, provider windows and cooldowns are kept (default {@code null}: in memory,
         * per processor). A shared store (e.g. {@code llmbatch4j-redis}) makes several JVMs keep to one quota.
         *
         * @param quotaStore the store, or {@code null} for in memory
         * @return this builder
         */
        public Builder quotaStore(@Nullable QuotaStore quotaStore) {
            this.quotaStore = quotaStore;
            return this;
        }

        /**
         * Whether budgets left at 0 are learned from the provider's quota headers (default false; always on
         * with a {@link #quotaStore}).
         *
         * @param learnLimits whether to learn the limits
         * @return this builder
         */
        public Builder learnLimits(boolean learnLimits) {
            this.learnLimits = learnLimits;
            return this;
        }

        /**
         * 0 (the default) turns the request budget off.
         *
         * @param requestsPerMinute at least 0
         * @return this builder
         */
        public Builder requestsPerMinute(long requestsPerMinute) {
            this.requestsPerMinute = requestsPerMinute;
            return this;
        }

        /**
         * 0 (the default) turns the token budget off.
         *
         * @param tokensPerMinute at least 0
         * @return this builder
         */
        public Builder tokensPerMinute(long tokensPerMinute) {
            this.tokensPerMinute = tokensPerMinute;
            return this;
        }

        /**
         * How a call's tokens are estimated before it is made (default {@link #DEFAULT_TOKEN_ESTIMATOR}).
         *
         * @param tokenEstimator the estimator
         * @return this builder
         */
        public Builder tokenEstimator(TokenEstimator tokenEstimator) {
            this.tokenEstimator = tokenEstimator;
            return this;
        }

        /**
         * How much of a budget may go at once after an idle spell, as time at the budget's rate (default 0).
         *
         * @param budgetBurst at least zero
         * @return this builder
         */
        public Builder budgetBurst(Duration budgetBurst) {
            this.budgetBurst = budgetBurst;
            return this;
        }

        /**
         * Whether budgets wait for a window the provider's quota headers report used up (default true).
         *
         * @param followProviderQuota whether to follow the headers
         * @return this builder
         */
        public Builder followProviderQuota(boolean followProviderQuota) {
            this.followProviderQuota = followProviderQuota;
            return this;
        }

        /**
         * The cooldown when the provider gave no retry-after (default 5 s).
         *
         * @param cooldown positive
         * @return this builder
         */
        public Builder cooldown(Duration cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /**
         * The factor each further rate limit multiplies the cooldown by (default 2).
         *
         * @param cooldownMultiplier at least 1
         * @return this builder
         */
        public Builder cooldownMultiplier(double cooldownMultiplier) {
            this.cooldownMultiplier = cooldownMultiplier;
            return this;
        }

        /**
         * The longest cooldown, retry-after included (default 5 minutes).
         *
         * @param maxCooldown positive
         * @return this builder
         */
        public Builder maxCooldown(Duration maxCooldown) {
            this.maxCooldown = maxCooldown;
            return this;
        }

        /**
         * The share of the worker limit a slow start begins with (default 0.25).
         *
         * @param slowStartInitialFraction above 0, at most 1 (1 turns slow start off)
         * @return this builder
         */
        public Builder slowStartInitialFraction(double slowStartInitialFraction) {
            this.slowStartInitialFraction = slowStartInitialFraction;
            return this;
        }

        /**
         * How often a slow start doubles the worker limit (default 2 s).
         *
         * @param slowStartInterval positive
         * @return this builder
         */
        public Builder slowStartInterval(Duration slowStartInterval) {
            this.slowStartInterval = slowStartInterval;
            return this;
        }

        /**
         * @return the config
         * @throws InvalidConfigException naming every bad field
         */
        public RateLimitConfig build() {
            RateLimitConfig config = new RateLimitConfig(this);
            List<String> extra = new ArrayList<>();
            if (cooldown != null && maxCooldown != null && maxCooldown.compareTo(cooldown) < 0) {
                extra.add("maxCooldown must be >= cooldown (was " + maxCooldown + " < " + cooldown + ")");
            }
            return ConfigValidation.validate("RateLimitConfig", config, extra);
        }
    }
}
