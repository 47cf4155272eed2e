package io.saoma.testsupport.config;

import java.util.concurrent.atomic.AtomicReference;

import io.saoma.common.InvalidConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binds {@link ConfigurationProperties @ConfigurationProperties} records the way the
 * application does (an {@link ApplicationContextRunner} with the test's
 * {@code @EnableConfigurationProperties} class) and checks how a value is refused: by a
 * constraint (Boot's bind report names the field and the constraint's message) or by a
 * rule checked in code ({@link InvalidConfigurationException}, which names the property
 * and never prints its value).
 */
public final class ConfigurationChecks {

	private final ApplicationContextRunner runner;

	private ConfigurationChecks(ApplicationContextRunner runner) {
		this.runner = runner;
	}

	/**
	 * Checks for the records that {@code configuration} enables.
	 * @param configuration a class annotated with {@code @EnableConfigurationProperties}
	 * @return the checks
	 */
	public static ConfigurationChecks of(Class<?> configuration) {
		return new ConfigurationChecks(new ApplicationContextRunner().withUserConfiguration(configuration));
	}

	/**
	 * The same checks with values every case needs (a required secret, for example).
	 * @param properties {@code name=value} pairs
	 * @return the checks
	 */
	public ConfigurationChecks withPropertyValues(String... properties) {
		return new ConfigurationChecks(this.runner.withPropertyValues(properties));
	}

	/**
	 * Binds the record of {@code type} with {@code properties} and returns it.
	 * @param <T> the record's type
	 * @param type the record's type
	 * @param properties {@code name=value} pairs
	 * @return the bound record
	 */
	public <T> T bind(Class<T> type, String... properties) {
		AtomicReference<T> bound = new AtomicReference<>();
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed();
			bound.set(context.getBean(type));
		});
		return bound.get();
	}

	/**
	 * Asserts that {@code properties} bind without a failure.
	 * @param properties {@code name=value} pairs
	 */
	public void assertAccepted(String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> assertThat(context).hasNotFailed());
	}

	/**
	 * Asserts that a constraint refuses {@code properties}, naming the field and the
	 * constraint's message.
	 * @param field the field as Boot's bind report names it (a path such as
	 * {@code relay.maxAge} for a nested record)
	 * @param reason the constraint's message
	 * @param properties {@code name=value} pairs
	 */
	public void assertRefused(String field, String reason, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("on field '" + field + "'")
				.hasMessageContaining("default message [" + reason + "]"));
	}

	/**
	 * Asserts that a rule checked in code refuses {@code properties} with
	 * {@code message}.
	 * @param message the exact message of the {@link InvalidConfigurationException}
	 * @param properties {@code name=value} pairs
	 */
	public void assertRefusedInCode(String message, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationException.class)
				.hasMessage(message));
	}

	/**
	 * The field name Boot's bind report uses for a kebab-case property name.
	 * @param property a property name such as {@code scan-grace}
	 * @return its field name, such as {@code scanGrace}
	 */
	public static String camelCase(String property) {
		StringBuilder name = new StringBuilder();
		for (String part : property.split("-")) {
			name.append(name.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
		}
		return name.toString();
	}

}
