package io.saoma.loginprocessor.config;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.saoma.loginprocessor.wechat.WechatLimits;
import io.saoma.testsupport.config.ConfigurationChecks;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code login.*} is validated when it is bound: a value out of range stops start-up
 * naming the property; a secret is named, never printed.
 */
class LoginPropertiesTests {

	private static final String KEY = "redeem-key-never-printed";

	private static final String INSTANCE_SECRET = "instance-secret-never-printed";

	private final ConfigurationChecks checks = ConfigurationChecks.of(Properties.class)
		.withPropertyValues("login.redeem-api-key=" + KEY);

	@Test
	void shouldBindTheDefaults() {
		LoginProperties properties = this.checks.bind(LoginProperties.class);
		assertThat(properties.ticketTtl()).isEqualTo(Duration.ofSeconds(300));
		assertThat(properties.maxTicketTtl()).isEqualTo(Duration.ofMinutes(10));
		assertThat(properties.limits()).isEqualTo(LoginProperties.Limits.defaults());
		assertThat(properties.forward()).isEqualTo(LoginProperties.Forward.defaults());
		assertThat(properties.instanceSecret()).isNull();
	}

	@Test
	void shouldAllowTicketsUpToWhatWechatAllows() {
		assertThat(this.checks.bind(LoginProperties.class, "login.max-ticket-ttl=30d", "login.ticket-ttl=30d")
			.maxTicketTtl()).isEqualTo(WechatLimits.MAX_QR_CODE_TTL);
		this.checks.assertRefused("maxTicketTtl", "must be between 1s and 2592000s", "login.max-ticket-ttl=2592001s");
		this.checks.assertRefused("maxTicketTtl", "must be between 1s and 2592000s", "login.max-ticket-ttl=0s");
	}

	@Test
	void shouldRefuseADefaultTicketLifetimeBeyondTheLongest() {
		this.checks.assertRefusedInCode("login.ticket-ttl must be between 1s and login.max-ticket-ttl (600s)",
				"login.ticket-ttl=601s");
		this.checks.assertRefused("ticketTtl", "must be at least 1s", "login.ticket-ttl=0s");
	}

	@Test
	void shouldRefuseADedupRetentionShorterThanWechatsRetries() {
		this.checks.assertRefused("dedupRetention", "must be at least 20s", "login.dedup-retention=19s");
	}

	@Test
	void shouldRefuseIntervalsThatAreNotPositive() {
		for (String property : List.of("scan-grace", "status-retention", "expiry-check-interval", "status-wait")) {
			this.checks.assertRefused(ConfigurationChecks.camelCase(property), "must be positive",
					"login." + property + "=0s");
		}
		this.checks.assertRefused("limits.clientStartsPeriod", "must be positive",
				"login.limits.client-starts-period=0s");
		this.checks.assertRefused("limits.headerTimeout", "must be positive", "login.limits.header-timeout=-1s");
		this.checks.assertRefused("forward.connectTimeout", "must be positive", "login.forward.connect-timeout=0s");
	}

	@Test
	void shouldRefuseASkewOrGraceThatWouldLetLateScansLogIn() {
		this.checks.assertRefused("scanClockSkew", "must be between 0s and 1m", "login.scan-clock-skew=61s");
		this.checks.assertRefused("scanClockSkew", "must be between 0s and 1m", "login.scan-clock-skew=-1s");
		this.checks.assertRefused("expiryGrace", "must be between 0s and 10m", "login.expiry-grace=11m");
		this.checks.assertAccepted("login.scan-clock-skew=0s", "login.expiry-grace=0s");
	}

	@Test
	void shouldRefuseCountsBelowOne() {
		this.checks.assertRefused("maxExpiriesPerSweep", "must be at least 1", "login.max-expiries-per-sweep=0");
		for (String limit : List.of("client-starts", "account-starts", "tracked-clients", "max-streams",
				"max-streams-per-client")) {
			this.checks.assertRefused("limits." + ConfigurationChecks.camelCase(limit), "must be at least 1",
					"login.limits." + limit + "=0");
		}
	}

	@Test
	void shouldRefuseAForwardTimeoutThatWouldCutStatusStreams() {
		this.checks.assertRefused("forward.responseTimeout", "must be at least 16s",
				"login.forward.response-timeout=15s");
	}

	@Test
	void shouldNameShortSecretsWithoutPrintingThem() {
		this.checks.assertRefusedInCode("login.redeem-api-key must be at least 16 characters",
				"login.redeem-api-key=short-key");
		this.checks.assertRefusedInCode("login.instance-secret must be at least 16 characters",
				"login.instance-secret=short-secret");
	}

	@Test
	void shouldTreatAnEmptyInstanceSecretAsUnset() {
		assertThat(this.checks.bind(LoginProperties.class, "login.instance-secret=").instanceSecret()).isNull();
	}

	@Test
	void shouldShowEveryPropertyButNoSecretInItsText() {
		String text = this.checks.bind(LoginProperties.class, "login.instance-secret=" + INSTANCE_SECRET).toString();
		List<String> names = new ArrayList<>(
				Arrays.stream(LoginProperties.class.getRecordComponents()).map(RecordComponent::getName).toList());
		assertThat(names).allSatisfy((name) -> assertThat(text).contains(name + "="));
		assertThat(text).doesNotContain(KEY).doesNotContain(INSTANCE_SECRET);
	}

	@EnableConfigurationProperties(LoginProperties.class)
	static class Properties {

	}

}
