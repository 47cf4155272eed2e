package io.saoma.common;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns a {@link StartupFailureException} (such as an
 * {@link InvalidConfigurationException}) into Boot's short start-up failure report
 * instead of a stack trace.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<StartupFailureException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StartupFailureException cause) {
		if (cause instanceof InvalidConfigurationException invalid) {
			return new FailureAnalysis("Invalid configuration: " + invalid.getMessage() + ".",
					"Fix the property '" + invalid.property() + "' (or its environment variable). " + invalid.action(),
					cause);
		}
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
