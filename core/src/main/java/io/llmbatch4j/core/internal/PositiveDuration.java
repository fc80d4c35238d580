package io.llmbatch4j.core.internal;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

/** A non-null {@link Duration} greater than zero (or at least zero with {@code allowZero}). */
@Documented
@Constraint(validatedBy = PositiveDuration.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface PositiveDuration {

    String message() default "must be a positive duration";

    boolean allowZero() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the constraint. */
    final class Validator implements ConstraintValidator<PositiveDuration, Duration> {
        private boolean allowZero;

        @Override
        public void initialize(PositiveDuration annotation) {
            allowZero = annotation.allowZero();
        }

        @Override
        public boolean isValid(Duration value, ConstraintValidatorContext context) {
            return value != null && !value.isNegative() && (allowZero || !value.isZero());
        }
    }
}
