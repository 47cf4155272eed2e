package io.saoma.common;

/**
 * A configuration value that stops start-up. Names the property, never its value (it may
 * be a secret).
 */
public class InvalidConfigurationException extends StartupFailureException {

	private final String property;

	public InvalidConfigurationException(String property, String problem, String action) {
		super(property + " " + problem, action);
		this.property = property;
	}

	public String property() {
		return this.property;
	}

}
