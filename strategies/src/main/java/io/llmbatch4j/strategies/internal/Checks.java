package io.llmbatch4j.strategies.internal;

import io.llmbatch4j.core.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects refused builder values and throws one {@link InvalidConfigException} naming them all. */
public final class Checks {

    private final String subject;
    private final List<String> problems = new ArrayList<>();

    public Checks(String subject) {
        this.subject = subject;
    }

    /** Records {@code field message (was value)} unless {@code ok}. */
    public Checks check(boolean ok, String field, String message, @Nullable Object value) {
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
