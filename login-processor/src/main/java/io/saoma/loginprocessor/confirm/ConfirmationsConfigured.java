package io.saoma.loginprocessor.confirm;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether any {@code login.confirmation.accounts.<account>.*} is configured: without, the
 * confirmation consumer, its topics and its marker reader do not exist.
 */
class ConfirmationsConfigured implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return Binder.get(context.getEnvironment())
			.bind("login.confirmation.accounts", Bindable.mapOf(String.class, Object.class))
			.map(Map::isEmpty)
			.map((empty) -> !empty)
			.orElse(false);
	}

}
