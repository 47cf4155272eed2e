package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.Map;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.forwarder.relay.ForwarderProperties.Account;
import io.saoma.forwarder.relay.ForwarderProperties.Events;
import io.saoma.forwarder.relay.ForwarderProperties.Format;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ForwarderPropertiesTests {

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
	void shouldRefuseANonPositiveMaxAge() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new ForwarderProperties(Map.of(), RelayTestProperties.RETRY, RelayTestProperties.CIRCUIT,
					RelayTestProperties.relay(Duration.ZERO)))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("forwarder.relay.max-age"));
	}

	@Test
	void shouldRefuseANegativePoolSize() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> RelayTestProperties.withPool(new ForwarderProperties.Pool(-1, 0, Duration.ZERO,
					Duration.ofSeconds(20), Duration.ofMinutes(10), Duration.ofSeconds(10))))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("forwarder.relay.pool"));
	}

}
