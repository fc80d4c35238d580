package io.llmbatch4j.core;

import java.util.List;

/**
 * A configuration was refused. Names every bad field at once, with the value it had, e.g.
 * {@code Invalid ProcessorConfig: maxWorkers must be greater than or equal to 1 (was 0); ...}.
 */
public class InvalidConfigException extends IllegalArgumentException {

    /** One entry per bad field. */
    private final List<String> problems;

    /**
     * A config that failed validation.
     *
     * @param configName the config's name, e.g. {@code ProcessorConfig}
     * @param problems one entry per bad field: {@code field message (was value)}
     */
    public InvalidConfigException(String configName, List<String> problems) {
        super("Invalid " + configName + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** {@return one entry per bad field: {@code field message (was value)}} */
    public List<String> problems() {
        return problems;
    }
}
