package io.saoma.common;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns an {@link InvalidConfigurationException} into Boot's short start-up failure report instead of a stack trace.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
		return new FailureAnalysis("Invalid configuration: " + cause.getMessage() + ".",
				"Fix the property '" + cause.property() + "' (or its environment variable). " + cause.action(), cause);
	}

}
