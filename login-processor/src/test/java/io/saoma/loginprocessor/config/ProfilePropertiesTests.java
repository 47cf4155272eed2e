package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.List;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.loginprocessor.profile.ProfileChecks;
import io.saoma.testsupport.config.ConfigurationChecks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@code login.profile.*} is validated when it is bound, and an opt-in names configured
 * accounts only.
 */
class ProfilePropertiesTests {

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class);

	@Test
	void shouldBindTheDefaultsWithNoAccountOptedIn() {
		ProfileProperties properties = this.checks.bind(ProfileProperties.class);
		assertThat(properties).isEqualTo(ProfileProperties.defaults());
		assertThat(properties.accounts()).isEmpty();
		assertThat(properties.timeout()).isEqualTo(Duration.ofMillis(1500));
		assertThat(properties.cacheTtl()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void shouldBindAListOfAccounts() {
		assertThat(this.checks.bind(ProfileProperties.class, "login.profile.accounts=main,other").accounts())
			.containsExactly("main", "other");
	}

	@Test
	void shouldRefuseATimeoutThatWouldHoldRedemptionsOrNeverLetWechatAnswer() {
		this.checks.assertRefused("timeout", "must be between 100ms and 10s", "login.profile.timeout=50ms");
		this.checks.assertRefused("timeout", "must be between 100ms and 10s", "login.profile.timeout=11s");
		this.checks.assertRefused("cacheTtl", "must not be negative", "login.profile.cache-ttl=-1s");
		this.checks.assertRefused("cacheSize", "must be at least 1", "login.profile.cache-size=0");
		this.checks.assertAccepted("login.profile.cache-ttl=0s");
	}

	@Test
	void shouldRefuseAnOptInForAnAccountThatIsNotConfigured() {
		ProfileProperties properties = this.checks.bind(ProfileProperties.class, "login.profile.accounts=main,shpo");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> ProfileChecks.check(properties, List.of("main", "shop")))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("login.profile.accounts"))
			.withMessage("login.profile.accounts names 'shpo', no account of wechat.accounts (main, shop)");
		assertThatNoException().isThrownBy(() -> ProfileChecks.check(properties, List.of("main", "shpo")));
	}

	@EnableConfigurationProperties(ProfileProperties.class)
	static class Properties {

	}

}
