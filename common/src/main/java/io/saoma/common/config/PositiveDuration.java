package io.saoma.common.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * A {@link java.time.Duration} longer than zero ({@code null} is valid, as for every
 * constraint; a bound property with a default is never {@code null}).
 */
@DurationMin(nanos = 0, inclusive = false)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE,
		ElementType.TYPE_USE })
public @interface PositiveDuration {

	String message() default "must be positive";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
