package io.saoma.testsupport.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConfigurationChecksTests {

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class);

	@Test
	void shouldBindTheRecordWithTheGivenValues() {
		assertThat(this.checks.bind(SampleProperties.class)).isEqualTo(new SampleProperties(3, "guest"));
		assertThat(
				this.checks.withPropertyValues("sample.name=alice").bind(SampleProperties.class, "sample.max-items=5"))
			.isEqualTo(new SampleProperties(5, "alice"));
	}

	@Test
	void shouldPassWhenAConstraintRefusesTheValueNamingTheField() {
		this.checks.assertRefused("maxItems", "must be at least 1", "sample.max-items=0");
	}

	@Test
	void shouldFailWhenTheValueIsAcceptedOrAnotherFieldOrReasonIsNamed() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.checks.assertRefused("maxItems", "must be at least 1", "sample.max-items=1"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.checks.assertRefused("name", "must be at least 1", "sample.max-items=0"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.checks.assertRefused("maxItems", "must be positive", "sample.max-items=0"));
	}

	@Test
	void shouldPassWhenARuleInCodeRefusesTheValueWithItsExactMessage() {
		this.checks.assertRefusedInCode("sample.name must not be admin", "sample.name=admin");
	}

	@Test
	void shouldFailWhenTheRuleInCodeDoesNotRefuseOrSaysSomethingElse() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.checks.assertRefusedInCode("sample.name must not be admin", "sample.name=bob"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.checks.assertRefusedInCode("sample.name must not be root", "sample.name=admin"));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(
				() -> this.checks.assertRefusedInCode("sample.max-items must be at least 1", "sample.max-items=0"));
	}

	@Test
	void shouldFailToAcceptOrBindARefusedValue() {
		this.checks.assertAccepted("sample.max-items=1");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.checks.assertAccepted("sample.max-items=0"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.checks.bind(SampleProperties.class, "sample.name=admin"));
	}

	@Test
	void shouldNameTheFieldOfAKebabCaseProperty() {
		assertThat(ConfigurationChecks.camelCase("max-streams-per-client")).isEqualTo("maxStreamsPerClient");
		assertThat(ConfigurationChecks.camelCase("timeout")).isEqualTo("timeout");
	}

	@EnableConfigurationProperties(SampleProperties.class)
	static class Properties {

	}

}
