package io.saoma.testsupport.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class StartupChecksTests {

	private final StartupChecks startup = StartupChecks.of(SampleApplication.class)
		.withoutWebServer()
		.withArguments("--spring.main.banner-mode=off");

	@Test
	void shouldPassWhenStartFailsSayingWhatIsWrongWithoutTheSecret(CapturedOutput output) {
		this.startup.assertFailsToStart(output, "--sample.name=admin", "--sample.secret=hidden-value")
			.says("sample.name must not be admin")
			.neverPrints("hidden-value");
	}

	@Test
	void shouldFailWhenTheApplicationStarts(CapturedOutput output) {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.startup.assertFailsToStart(output, "--sample.name=guest"));
	}

	@Test
	void shouldFailWhenTheReportDoesNotSayItOrPrintsTheSecret(CapturedOutput output) {
		StartupChecks.Report report = this.startup.assertFailsToStart(output, "--sample.name=admin",
				"--sample.secret=hidden-value");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> report.says("sample.name must not be root"));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> report.neverPrints("admin"));
	}

	@SpringBootConfiguration
	static class SampleApplication {

		@Bean
		String sampleName(@Value("${sample.name}") String name) {
			if ("admin".equals(name)) {
				throw new IllegalStateException("sample.name must not be admin");
			}
			return name;
		}

	}

}
