package io.saoma.testsupport.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts a real application with command-line arguments and checks that start-up fails
 * with a report that names what is wrong and never prints a secret. The test captures the
 * output with {@link OutputCaptureExtension} and passes it in.
 */
public final class StartupChecks {

	private final Class<?> application;

	private final WebApplicationType webApplicationType;

	private final List<String> arguments;

	private StartupChecks(Class<?> application, WebApplicationType webApplicationType, List<String> arguments) {
		this.application = application;
		this.webApplicationType = webApplicationType;
		this.arguments = List.copyOf(arguments);
	}

	/**
	 * Checks for an application started as its {@code main} method starts it.
	 * @param application the {@code @SpringBootApplication} class
	 * @return the checks
	 */
	public static StartupChecks of(Class<?> application) {
		return new StartupChecks(application, null, List.of());
	}

	/**
	 * The same checks without a web server.
	 * @return the checks
	 */
	public StartupChecks withoutWebServer() {
		return new StartupChecks(this.application, WebApplicationType.NONE, this.arguments);
	}

	/**
	 * The same checks with arguments every start gets (the broker's address, free ports).
	 * @param arguments {@code --name=value} arguments
	 * @return the checks
	 */
	public StartupChecks withArguments(String... arguments) {
		List<String> all = new ArrayList<>(this.arguments);
		all.addAll(List.of(arguments));
		return new StartupChecks(this.application, this.webApplicationType, all);
	}

	/**
	 * Starts the application with {@code arguments} and asserts that it fails to start.
	 * @param output the test's captured output, read by the returned report
	 * @param arguments {@code --name=value} arguments
	 * @return the report the failed start printed
	 */
	public Report assertFailsToStart(CapturedOutput output, String... arguments) {
		List<String> all = new ArrayList<>(List.of(arguments));
		all.addAll(this.arguments);
		SpringApplication application = new SpringApplication(this.application);
		if (this.webApplicationType != null) {
			application.setWebApplicationType(this.webApplicationType);
		}
		assertThatException().isThrownBy(() -> {
			try (ConfigurableApplicationContext context = application.run(all.toArray(String[]::new))) {
				// started: the assertion fails
			}
		});
		return new Report(output);
	}

	/**
	 * What a failed start printed.
	 */
	public static final class Report {

		private final CapturedOutput output;

		private Report(CapturedOutput output) {
			this.output = output;
		}

		/**
		 * Asserts that the output contains each of {@code texts}.
		 * @param texts what the report must say (the property, the reason)
		 * @return this report
		 */
		public Report says(String... texts) {
			for (String text : texts) {
				assertThat(this.output.getAll()).contains(text);
			}
			return this;
		}

		/**
		 * Asserts that the output contains none of {@code values}.
		 * @param values secrets (or values that may carry one) given to the application
		 * @return this report
		 */
		public Report neverPrints(String... values) {
			for (String value : values) {
				assertThat(this.output.getAll()).doesNotContain(value);
			}
			return this;
		}

	}

}
