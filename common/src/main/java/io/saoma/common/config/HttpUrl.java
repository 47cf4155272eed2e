package io.saoma.common.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An absolute {@code http} or {@code https} {@link URI} with a host ({@code null} is
 * valid, as for every constraint). Only for URLs that carry no secret: Boot's report of a
 * violation prints the value.
 */
@Constraint(validatedBy = HttpUrl.Validator.class)
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE,
		ElementType.TYPE_USE })
public @interface HttpUrl {

	String message() default "must be an http(s) URL with a host";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/**
	 * Checks a {@link URI}.
	 */
	class Validator implements ConstraintValidator<HttpUrl, URI> {

		@Override
		public boolean isValid(URI url, ConstraintValidatorContext context) {
			if (url == null) {
				return true;
			}
			String scheme = url.getScheme();
			return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && url.getHost() != null;
		}

	}

}
