package io.saoma.common;

/**
 * A problem that stops an application at start-up, reported by
 * {@link InvalidConfigurationFailureAnalyzer} as a short description and what to do about
 * it instead of a stack trace. Its messages never contain secrets.
 */
public class StartupFailureException extends RuntimeException {

	private final String action;

	public StartupFailureException(String description, String action) {
		super(description);
		this.action = action;
	}

	public StartupFailureException(String description, String action, Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String action() {
		return this.action;
	}

}
