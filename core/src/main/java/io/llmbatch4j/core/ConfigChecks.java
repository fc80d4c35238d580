package io.llmbatch4j.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Collects the bad values of a builder or request and refuses them all at once, so every module's
 * configs fail the same way: one {@link InvalidConfigException} that names each bad field with the
 * value it had, e.g. {@code maxWorkers must be greater than or equal to 1 (was 0)}.
 *
 * <pre>{@code
 * new ConfigChecks("ChatRequest")
 *         .check(temperature == null || temperature <= 2, "temperature", "must be between 0 and 2", temperature)
 *         .atLeast("maxAttempts", maxAttempts, 1)
 *         .positive("timeout", timeout)
 *         .throwIfAny();
 * }</pre>
 * The named checks ({@link #atLeast(String, long, long)}, {@link #positive(String, Duration)}, ...) phrase
 * their problem the same way everywhere; {@link #check} takes any rule with its own wording. A value
 * that is {@code NaN} fails every numeric check. Problems keep the order in which they were checked.
 * Not thread-safe; one instance per {@code build()}.
 */
public final class ConfigChecks {

    private final String subject;
    private final List<String> problems = new ArrayList<>();

    /** @param subject what is being checked, e.g. {@code "ChatRequest"} */
    public ConfigChecks(String subject) {
        this.subject = subject;
    }

    /**
     * Records {@code field message (was value)} unless {@code ok}.
     *
     * @param ok whether the field is good
     * @param field the field's name
     * @param message what it must be
     * @param value the value it had, shown in the message
     * @return this, for chaining
     */
    public ConfigChecks check(boolean ok, String field, String message, @Nullable Object value) {
        if (!ok) {
            problems.add(field + " " + message + " (was " + value + ")");
        }
        return this;
    }

    /**
     * Records {@code field must not be null (was null)} if {@code value} is null.
     *
     * @param field the field's name
     * @param value its value
     * @return this, for chaining
     */
    public ConfigChecks notNull(String field, @Nullable Object value) {
        return check(value != null, field, "must not be null", value);
    }

    /**
     * Records {@code field must be greater than or equal to min (was value)} unless {@code value >= min}.
     *
     * @param field the field's name
     * @param value its value
     * @param min the smallest good value
     * @return this, for chaining
     */
    public ConfigChecks atLeast(String field, long value, long min) {
        return check(value >= min, field, "must be greater than or equal to " + min, value);
    }

    /**
     * Records {@code field must be greater than or equal to min (was value)} unless {@code value >= min}.
     *
     * @param field the field's name
     * @param value its value
     * @param min the smallest good value
     * @return this, for chaining
     */
    public ConfigChecks atLeast(String field, double value, double min) {
        return check(value >= min, field, "must be greater than or equal to " + min, value);
    }

    /**
     * Records {@code field must be greater than min (was value)} unless {@code value > min}.
     *
     * @param field the field's name
     * @param value its value
     * @param min the bound, itself too small
     * @return this, for chaining
     */
    public ConfigChecks above(String field, double value, double min) {
        return check(value > min, field, "must be greater than " + min, value);
    }

    /**
     * Records {@code field must be less than or equal to max (was value)} unless {@code value <= max}.
     *
     * @param field the field's name
     * @param value its value
     * @param max the largest good value
     * @return this, for chaining
     */
    public ConfigChecks atMost(String field, double value, double max) {
        return check(value <= max, field, "must be less than or equal to " + max, value);
    }

    /**
     * Records {@code field must be less than max (was value)} unless {@code value < max}.
     *
     * @param field the field's name
     * @param value its value
     * @param max the bound, itself too large
     * @return this, for chaining
     */
    public ConfigChecks below(String field, double value, double max) {
        return check(value < max, field, "must be less than " + max, value);
    }

    /**
     * Records {@code field must be a positive duration (was value)} unless {@code value} is above zero.
     *
     * @param field the field's name
     * @param value its value; {@code null} is bad
     * @return this, for chaining
     */
    public ConfigChecks positive(String field, @Nullable Duration value) {
        return check(value != null && isPositive(value), field, "must be a positive duration", value);
    }

    /**
     * Records {@code field must be zero or a positive duration (was value)} if {@code value} is
     * null or negative.
     *
     * @param field the field's name
     * @param value its value; {@code null} is bad
     * @return this, for chaining
     */
    public ConfigChecks notNegative(String field, @Nullable Duration value) {
        return check(value != null && !value.isNegative(), field, "must be zero or a positive duration", value);
    }

    /**
     * Records {@code field must be positive or null (was value)} if {@code value} is zero or negative;
     * for optional bounds where {@code null} means none.
     *
     * @param field the field's name
     * @param value its value, or {@code null}
     * @return this, for chaining
     */
    public ConfigChecks positiveOrNull(String field, @Nullable Duration value) {
        return check(value == null || isPositive(value), field, "must be positive or null", value);
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    /** @throws InvalidConfigException naming every recorded problem */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(subject, problems);
        }
    }
}
