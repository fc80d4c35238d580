package io.llmbatch4j.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The model answered, but the answer did not parse or did not validate. Carries the raw text,
 * the fields that passed (with their values) and each violation, so a strategy can tell the model
 * exactly what to fix on the next attempt. Retried at once by default (waiting does not help).
 */
public class ValidationFailedException extends LLMException {

    /**
     * One failed constraint.
     *
     * @param path the property path, e.g. {@code address.zip}; empty for the whole answer
     * @param message what is wrong
     */
    public record Violation(String path, String message) {
        /**
         * Checks that path and message are present.
         *
         * @param path the property path; empty for the whole answer
         * @param message what is wrong
         */
        public Violation {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The model's answer as received. */
    private final String rawOutput;
    /** Every failed constraint. */
    private final List<Violation> violations;
    /** Top-level fields that passed, with their values. */
    private final Map<String, Object> passedFields;

    /**
     * A validation failure with a single message and no field detail.
     *
     * @param message what is wrong
     * @param rawOutput the model's answer as received
     */
    public ValidationFailedException(String message, String rawOutput) {
        this(message, rawOutput, List.of(new Violation("", message)), Map.of(), TokenUsage.ZERO, null);
    }

    /**
     * A validation failure with field detail.
     *
     * @param message a summary
     * @param rawOutput the model's answer as received
     * @param violations every failed constraint
     * @param passedFields top-level fields that passed, with their values
     * @param usage the tokens the call spent
     * @param cause the underlying exception (e.g. a parse error), or {@code null}
     */
    public ValidationFailedException(String message, String rawOutput, List<Violation> violations,
            Map<String, Object> passedFields, TokenUsage usage, @Nullable Throwable cause) {
        super(message, cause, usage);
        this.rawOutput = Objects.requireNonNull(rawOutput, "rawOutput");
        this.violations = List.copyOf(violations);
        this.passedFields = Map.copyOf(passedFields);
    }

    /** {@return the model's answer as received} */
    public String rawOutput() {
        return rawOutput;
    }

    /** {@return every failed constraint} */
    public List<Violation> violations() {
        return violations;
    }

    /** {@return the top-level fields that parsed and validated, with their values} */
    public Map<String, Object> passedFields() {
        return passedFields;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.VALIDATION;
    }
}
