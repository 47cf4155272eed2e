package io.saoma.forwarder.relay;

import java.util.Map;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.forwarder.relay.ForwarderProperties.Account;
import io.saoma.forwarder.relay.ForwarderProperties.Events;
import io.saoma.forwarder.relay.ForwarderProperties.Format;
import io.saoma.testsupport.config.ConfigurationChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ForwarderPropertiesTests {

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class);

	@ParameterizedTest
	@ValueSource(strings = { "core.authing.cn/connections/social/x/secret-token/events", "/connections/x/events",
			"ftp://core.authing.cn/secret-token", "https:///secret-token", "https://core authing.cn/secret-token",
			"mailto:secret-token@authing.cn", " " })
	void shouldRefuseAnEventsUrlThatIsNotAnAbsoluteHttpUrlWithAHostNamingThePropertyNotTheValue(String url) {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(
					() -> RelayTestProperties.of(Map.of("main", new Account(url, Format.AUTHING_DEMO, Events.LOGIN))))
			.satisfies((ex) -> {
				assertThat(ex.property()).isEqualTo("forwarder.accounts.main.events-url");
				assertThat(ex.getMessage() + ex.action()).doesNotContain("secret-token");
			});
	}

	@Test
	void shouldRefuseAMissingEventsUrl() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(
					() -> RelayTestProperties.of(Map.of("main", new Account(null, Format.AUTHING_DEMO, Events.LOGIN))))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("forwarder.accounts.main.events-url"));
	}

	@Test
	void shouldAcceptHttpsAndHttpEventsUrls() {
		assertThatNoException().isThrownBy(() -> RelayTestProperties.of(Map.of("main",
				new Account("https://core.authing.cn/connections/social/x/pool/events?tenant=1", Format.AUTHING_DEMO,
						Events.LOGIN),
				"local", new Account("http://127.0.0.1:8080/events", Format.VERBATIM, Events.ALL))));
	}

	@Test
	void shouldNeverShowTheEventsUrlInTheAccountsText() {
		Account account = new Account("https://core.authing.cn/secret-token/events", Format.AUTHING_DEMO, Events.LOGIN);
		assertThat(account.toString()).doesNotContain("secret-token");
	}

	@Test
	void shouldRefuseAnAccountIdThatCannotNameItsWaitingTopic() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> RelayTestProperties
				.of(Map.of("a/b", new Account("https://core.authing.cn/events", Format.AUTHING_DEMO, Events.LOGIN))))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("forwarder.accounts.a/b"));
	}

	@Test
	void shouldRefuseAnAccountIdByTheRuleOfWechatAccounts() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> RelayTestProperties
				.of(Map.of("-main", new Account("https://core.authing.cn/events", Format.AUTHING_DEMO, Events.LOGIN))))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("forwarder.accounts.-main"))
			.withMessageContaining("has an invalid account id");
	}

	@Test
	void shouldBindTheDefaults() {
		assertThat(this.checks.bind(ForwarderProperties.class)).isEqualTo(RelayTestProperties.of(Map.of()));
	}

	@Test
	void shouldRefuseANonPositiveMaxAge() {
		this.checks.assertRefused("relay.maxAge", "must be positive", "forwarder.relay.max-age=0s");
	}

	@Test
	void shouldRefuseANegativePoolSize() {
		this.checks.assertRefused("relay.pool.maxConnections", "must not be negative",
				"forwarder.relay.pool.max-connections=-1");
		this.checks.assertRefused("relay.pool.maxIdleTime", "must be positive",
				"forwarder.relay.pool.max-idle-time=0s");
	}

	@Test
	void shouldRefuseRetriesCircuitsAndCallsThatCannotWork() {
		this.checks.assertRefused("retry.attempts", "must be at least 1", "forwarder.retry.attempts=0");
		this.checks.assertRefused("retry.multiplier", "must be at least 1", "forwarder.retry.multiplier=0.5");
		this.checks.assertRefused("retry.topicPartitions", "must be at least 1", "forwarder.retry.topic-partitions=0");
		this.checks.assertRefused("circuit.failureThreshold", "must be at least 1",
				"forwarder.circuit.failure-threshold=0");
		this.checks.assertRefused("circuit.openDuration", "must be positive", "forwarder.circuit.open-duration=0s");
		this.checks.assertRefused("relay.timeout", "must be positive", "forwarder.relay.timeout=0s");
		this.checks.assertRefused("relay.concurrency", "must be at least 1", "forwarder.relay.concurrency=0");
	}

	@Test
	void shouldRefuseAMaxDelayShorterThanTheInitialDelay() {
		this.checks.assertRefusedInCode(
				"forwarder.retry.max-delay must not be shorter than forwarder.retry.initial-delay",
				"forwarder.retry.initial-delay=10s", "forwarder.retry.max-delay=5s");
	}

	@EnableConfigurationProperties(ForwarderProperties.class)
	static class Properties {

	}

}
