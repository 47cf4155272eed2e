package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.List;

import io.saoma.loginprocessor.topology.FunnelSettings;
import io.saoma.testsupport.config.ConfigurationChecks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code login.funnel.*} binds to windows of 1 minute and 1 hour with a grace of 1
 * minute, the API off, and refuses what the funnel cannot count or a weak key.
 */
class FunnelPropertiesTests {

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class);

	@Test
	void shouldBindTheDefaults() {
		FunnelProperties properties = this.checks.bind(FunnelProperties.class);
		assertThat(properties.settings()).isEqualTo(FunnelSettings.defaults());
		assertThat(properties.apiKey()).isNull();
	}

	@Test
	void shouldBindWindowsGraceHistoryAndKey() {
		FunnelProperties properties = this.checks.bind(FunnelProperties.class, "login.funnel.windows=30s,15m,1d",
				"login.funnel.grace=2m", "login.funnel.history=10", "login.funnel.api-key=analysts-key-0123456");
		assertThat(properties.windows()).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(15),
				Duration.ofDays(1));
		assertThat(properties.windows()).extracting(FunnelSettings::label).containsExactly("30s", "15m", "1d");
		assertThat(properties.settings().retention(Duration.ofMinutes(15))).isEqualTo(Duration.ofMinutes(152));
		assertThat(properties.toString()).doesNotContain("analysts-key").contains("apiKey=******");
	}

	@Test
	void shouldRefuseWindowsItCannotCountAndAShortKey() {
		this.checks.assertRefusedInCode("login.funnel.windows must be whole seconds, at least 1s (not PT0.5S)",
				"login.funnel.windows=500ms");
		this.checks.assertRefusedInCode("login.funnel.windows lists a size twice", "login.funnel.windows=60s,1m");
		this.checks.assertRefusedInCode("login.funnel.api-key must be at least 16 characters",
				"login.funnel.api-key=short");
		this.checks.assertRefused("grace", "must not be negative", "login.funnel.grace=-1s");
		this.checks.assertRefused("history", "must be at least 1", "login.funnel.history=0");
	}

	@Test
	void shouldLabelWindowSizesByTheirLargestWholeUnit() {
		assertThat(List.of(Duration.ofSeconds(90), Duration.ofMinutes(1), Duration.ofMinutes(90), Duration.ofHours(1),
				Duration.ofHours(48)))
			.extracting(FunnelSettings::label)
			.containsExactly("90s", "1m", "90m", "1h", "2d");
	}

	@EnableConfigurationProperties(FunnelProperties.class)
	static class Properties {

	}

}
