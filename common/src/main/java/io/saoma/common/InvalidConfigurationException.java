package io.saoma.common;

/**
 * A configuration value that stops start-up. Names the property, never its value (it may be a secret).
 */
public class InvalidConfigurationException extends RuntimeException {

	private final String property;

	private final String action;

	public InvalidConfigurationException(String property, String problem, String action) {
		super(property + " " + problem);
		this.property = property;
		this.action = action;
	}

	public String property() {
		return this.property;
	}

	public String action() {
		return this.action;
	}

}
