package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.InvalidConfigException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Bean Validation of configs on {@code build()}: every bad field in one
 * {@link InvalidConfigException}, each with its value. Uses Hibernate Validator with the
 * parameter interpolator ({@code {value}} is filled in; no Expression Language needed).
 */
public final class ConfigValidation {

    // Messages for @DecimalMin / @DecimalMax: their default messages are EL expressions, which the
    // parameter interpolator does not evaluate.
    public static final String GE = "must be greater than or equal to {value}";
    public static final String GT = "must be greater than {value}";
    public static final String LE = "must be less than or equal to {value}";

    private ConfigValidation() {}

    private static final class Holder {
        static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()
                .getValidator();
    }

    /**
     * Validates {@code config} and throws when it, or one of {@code extraProblems}, is bad.
     *
     * @param extraProblems cross-field problems the caller found, already phrased
     */
    public static <C> C validate(String configName, C config, List<String> extraProblems) {
        List<String> problems = new ArrayList<>();
        Holder.VALIDATOR.validate(config).stream()
                .sorted(Comparator.comparing((ConstraintViolation<C> v) -> v.getPropertyPath().toString()))
                .forEach(v -> problems.add(v.getPropertyPath() + " " + v.getMessage()
                        + " (was " + v.getInvalidValue() + ")"));
        problems.addAll(extraProblems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(configName, problems);
        }
        return config;
    }
}
