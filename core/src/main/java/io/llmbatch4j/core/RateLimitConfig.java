package io.llmbatch4j.core;

import io.llmbatch4j.core.internal.ConfigValidation;
import io.llmbatch4j.core.internal.PositiveDuration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the processor reacts to rate limits. Immutable; build with {@link #builder()}.
 *
 * <p>A {@link ErrorKind#RATE_LIMIT} error starts a coordinated cooldown: no worker starts a call
 * until it ends. Its length is the provider's retry-after when it sent one, else {@code cooldown},
 * multiplied by {@code cooldownMultiplier} for each further rate limit that follows without a
 * success in between; both are capped at {@code maxCooldown}. Afterwards calls resume gradually:
 * the worker limit starts at {@code slowStartInitialFraction} of its value and doubles every
 * {@code slowStartInterval} until it is whole again ({@code 1.0} turns slow start off).
 */
public final class RateLimitConfig {

    // explicit messages: the parameter interpolator does not evaluate the defaults\' EL expressions
    private static final String GE = "must be greater than or equal to {value}";
    private static final String GT = "must be greater than {value}";
    private static final String LE = "must be less than or equal to {value}";

    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(5);
    public static final double DEFAULT_COOLDOWN_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_COOLDOWN = Duration.ofMinutes(5);
    public static final double DEFAULT_SLOW_START_INITIAL_FRACTION = 0.25;
    public static final Duration DEFAULT_SLOW_START_INTERVAL = Duration.ofSeconds(2);

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

    private RateLimitConfig(Builder b) {
        this.cooldown = b.cooldown;
        this.cooldownMultiplier = b.cooldownMultiplier;
        this.maxCooldown = b.maxCooldown;
        this.slowStartInitialFraction = b.slowStartInitialFraction;
        this.slowStartInterval = b.slowStartInterval;
    }

    /** 5 s cooldown doubling to at most 5 min; slow start from a quarter, doubling every 2 s. */
    public static RateLimitConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().cooldown(cooldown).cooldownMultiplier(cooldownMultiplier).maxCooldown(maxCooldown)
                .slowStartInitialFraction(slowStartInitialFraction).slowStartInterval(slowStartInterval);
    }

    /** The cooldown when the provider gave no retry-after. */
    public Duration cooldown() {
        return cooldown;
    }

    public double cooldownMultiplier() {
        return cooldownMultiplier;
    }

    /** The longest cooldown, retry-after included. */
    public Duration maxCooldown() {
        return maxCooldown;
    }

    public double slowStartInitialFraction() {
        return slowStartInitialFraction;
    }

    public Duration slowStartInterval() {
        return slowStartInterval;
    }

    @Override
    public String toString() {
        return "RateLimitConfig[cooldown=" + cooldown + ", cooldownMultiplier=" + cooldownMultiplier
                + ", maxCooldown=" + maxCooldown + ", slowStartInitialFraction=" + slowStartInitialFraction
                + ", slowStartInterval=" + slowStartInterval + "]";
    }

    /** Builds a {@link RateLimitConfig}; {@link #build()} validates every field at once. */
    public static final class Builder {
        private Duration cooldown = DEFAULT_COOLDOWN;
        private double cooldownMultiplier = DEFAULT_COOLDOWN_MULTIPLIER;
        private Duration maxCooldown = DEFAULT_MAX_COOLDOWN;
        private double slowStartInitialFraction = DEFAULT_SLOW_START_INITIAL_FRACTION;
        private Duration slowStartInterval = DEFAULT_SLOW_START_INTERVAL;

        private Builder() {}

        public Builder cooldown(Duration cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        public Builder cooldownMultiplier(double cooldownMultiplier) {
            this.cooldownMultiplier = cooldownMultiplier;
            return this;
        }

        public Builder maxCooldown(Duration maxCooldown) {
            this.maxCooldown = maxCooldown;
            return this;
        }

        public Builder slowStartInitialFraction(double slowStartInitialFraction) {
            this.slowStartInitialFraction = slowStartInitialFraction;
            return this;
        }

        public Builder slowStartInterval(Duration slowStartInterval) {
            this.slowStartInterval = slowStartInterval;
            return this;
        }

        /** @throws InvalidConfigException naming every bad field */
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
