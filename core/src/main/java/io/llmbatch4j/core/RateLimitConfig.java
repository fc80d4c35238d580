package io.llmbatch4j.core;

import io.llmbatch4j.core.quota.QuotaStore;
import java.time.Duration;
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
 *
 * @param cooldown the cooldown when the provider gave no retry-after
 * @param cooldownMultiplier the factor each further rate limit without a success in between multiplies the
 *     cooldown by
 * @param maxCooldown the longest cooldown, retry-after included
 * @param slowStartInitialFraction the share of the worker limit a slow start begins with; 1.0 for no slow start
 * @param slowStartInterval how often a slow start doubles the worker limit
 * @param requestsPerMinute the requests per minute the processor starts at most; 0 for no request budget
 * @param tokensPerMinute the tokens per minute (estimated, then corrected) the processor spends at most; 0 for
 *     no token budget
 * @param tokenEstimator how a call's tokens are estimated before it is made
 * @param budgetBurst how much of a budget may go at once after an idle spell, as time at the budget's rate
 * @param followProviderQuota whether budgets wait for a window the provider's quota headers report used up
 * @param quotaStore where the budgets are kept; {@code null} for in memory, per processor
 * @param learnLimits whether budgets left at 0 are learned from the provider's quota headers (their
 *     {@code limit} values, read as per minute); on by itself when a {@code quotaStore} is set
 */
public record RateLimitConfig(Duration cooldown, double cooldownMultiplier, Duration maxCooldown,
        double slowStartInitialFraction, Duration slowStartInterval, long requestsPerMinute, long tokensPerMinute,
        TokenEstimator tokenEstimator, Duration budgetBurst, boolean followProviderQuota,
        @Nullable QuotaStore quotaStore, boolean learnLimits) {

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

    /**
     * Checks every field at once ({@link InvalidConfigException} names each bad one).
     *
     * @param cooldown see the class
     * @param cooldownMultiplier see the class
     * @param maxCooldown see the class
     * @param slowStartInitialFraction see the class
     * @param slowStartInterval see the class
     * @param requestsPerMinute see the class
     * @param tokensPerMinute see the class
     * @param tokenEstimator see the class
     * @param budgetBurst see the class
     * @param followProviderQuota see the class
     * @param quotaStore see the class
     * @param learnLimits see the class
     */
    public RateLimitConfig {
        new ConfigChecks("RateLimitConfig")
                .positive("cooldown", cooldown)
                .atLeast("cooldownMultiplier", cooldownMultiplier, 1.0)
                .positive("maxCooldown", maxCooldown)
                .check(cooldown == null || maxCooldown == null || maxCooldown.compareTo(cooldown) >= 0,
                        "maxCooldown", "must be >= cooldown", maxCooldown + " < " + cooldown)
                .above("slowStartInitialFraction", slowStartInitialFraction, 0.0)
                .atMost("slowStartInitialFraction", slowStartInitialFraction, 1.0)
                .positive("slowStartInterval", slowStartInterval)
                .atLeast("requestsPerMinute", requestsPerMinute, 0)
                .atLeast("tokensPerMinute", tokensPerMinute, 0)
                .notNull("tokenEstimator", tokenEstimator)
                .notNegative("budgetBurst", budgetBurst)
                .throwIfAny();
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

    /**
     * {@return whether the budgets left at 0 are learned from the provider's quota headers (their
     * {@code limit} values, read as per minute); on by itself when a {@link #quotaStore()} is set}
     */
    @Override
    public boolean learnLimits() {
        return learnLimits || quotaStore != null;
    }

    /** {@return whether a request or token budget is set} */
    public boolean budgeted() {
        return requestsPerMinute > 0 || tokensPerMinute > 0;
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
         * @param learnLimits whether to learn the limits
         * @return this builder
         */
        public Builder learnLimits(boolean learnLimits) {
            this.learnLimits = learnLimits;
            return this;
        }

        /**
         * @param requestsPerMinute at least 0; 0 (the default) turns the request budget off
         * @return this builder
         */
        public Builder requestsPerMinute(long requestsPerMinute) {
            this.requestsPerMinute = requestsPerMinute;
            return this;
        }

        /**
         * @param tokensPerMinute at least 0; 0 (the default) turns the token budget off
         * @return this builder
         */
        public Builder tokensPerMinute(long tokensPerMinute) {
            this.tokensPerMinute = tokensPerMinute;
            return this;
        }

        /**
         * How a call's tokens are estimated before it is made (default {@link #DEFAULT_TOKEN_ESTIMATOR}).
         * @param tokenEstimator the estimator
         * @return this builder
         */
        public Builder tokenEstimator(TokenEstimator tokenEstimator) {
            this.tokenEstimator = tokenEstimator;
            return this;
        }

        /**
         * How much of a budget may go at once after an idle spell, as time at the budget's rate (default 0).
         * @param budgetBurst at least zero
         * @return this builder
         */
        public Builder budgetBurst(Duration budgetBurst) {
            this.budgetBurst = budgetBurst;
            return this;
        }

        /**
         * Whether budgets wait for a window the provider's quota headers report used up (default true).
         * @param followProviderQuota whether to follow the headers
         * @return this builder
         */
        public Builder followProviderQuota(boolean followProviderQuota) {
            this.followProviderQuota = followProviderQuota;
            return this;
        }

        /**
         * @param cooldown the cooldown when the provider gave no retry-after (default 5 s); positive
         * @return this builder
         */
        public Builder cooldown(Duration cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /**
         * The factor each further rate limit multiplies the cooldown by (default 2).
         * @param cooldownMultiplier at least 1
         * @return this builder
         */
        public Builder cooldownMultiplier(double cooldownMultiplier) {
            this.cooldownMultiplier = cooldownMultiplier;
            return this;
        }

        /**
         * @param maxCooldown the longest cooldown, retry-after included (default 5 minutes); positive
         * @return this builder
         */
        public Builder maxCooldown(Duration maxCooldown) {
            this.maxCooldown = maxCooldown;
            return this;
        }

        /**
         * The share of the worker limit a slow start begins with (default 0.25).
         * @param slowStartInitialFraction above 0, at most 1 (1 turns slow start off)
         * @return this builder
         */
        public Builder slowStartInitialFraction(double slowStartInitialFraction) {
            this.slowStartInitialFraction = slowStartInitialFraction;
            return this;
        }

        /**
         * @param slowStartInterval how often a slow start doubles the worker limit (default 2 s); positive
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
            return new RateLimitConfig(cooldown, cooldownMultiplier, maxCooldown, slowStartInitialFraction,
                    slowStartInterval, requestsPerMinute, tokensPerMinute, tokenEstimator, budgetBurst,
                    followProviderQuota, quotaStore, learnLimits);
        }
    }
}
