package io.llmbatch4j.core;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Collects the bad values of a builder or request and refuses them all at once, so every module's
 * configs fail the same way: one {@link InvalidConfigException} that names each bad field with the
 * value it had.
 *
 * <pre>{@code
 * new ConfigChecks("ChatRequest")
 *         .check(temperature == null || temperature <= 2, "temperature", "must be between 0 and 2", temperature)
 *         .check(maxOutputTokens == null || maxOutputTokens >= 1, "maxOutputTokens", "must be >= 1", maxOutputTokens)
 *         .throwIfAny();
 * }</pre>
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

    /** @throws InvalidConfigException naming every recorded problem */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(subject, problems);
        }
    }
}
