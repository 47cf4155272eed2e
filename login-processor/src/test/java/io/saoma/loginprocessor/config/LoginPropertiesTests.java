package io.saoma.loginprocessor.config;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.loginprocessor.wechat.WechatLimits;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code login.*} is validated when it is bound: a value out of range stops start-up
 * naming the property; a secret is named, never printed.
 */
class LoginPropertiesTests {

	private static final String KEY = "redeem-key-never-printed";

	private static final String INSTANCE_SECRET = "instance-secret-never-printed";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class)
		.withPropertyValues("login.redeem-api-key=" + KEY);

	@Test
	void shouldBindTheDefaults() {
		this.runner.run((context) -> {
			LoginProperties properties = context.getBean(LoginProperties.class);
			assertThat(properties.ticketTtl()).isEqualTo(Duration.ofSeconds(300));
			assertThat(properties.maxTicketTtl()).isEqualTo(Duration.ofMinutes(10));
			assertThat(properties.limits()).isEqualTo(LoginProperties.Limits.defaults());
			assertThat(properties.forward()).isEqualTo(LoginProperties.Forward.defaults());
			assertThat(properties.instanceSecret()).isNull();
		});
	}

	@Test
	void shouldAllowTicketsUpToWhatWechatAllows() {
		this.runner.withPropertyValues("login.max-ticket-ttl=30d", "login.ticket-ttl=30d")
			.run((context) -> assertThat(context.getBean(LoginProperties.class).maxTicketTtl())
				.isEqualTo(WechatLimits.MAX_QR_CODE_TTL));
		assertRefused("maxTicketTtl", "must be between 1s and 2592000s", "login.max-ticket-ttl=2592001s");
		assertRefused("maxTicketTtl", "must be between 1s and 2592000s", "login.max-ticket-ttl=0s");
	}

	@Test
	void shouldRefuseADefaultTicketLifetimeBeyondTheLongest() {
		assertRefusedInCode("login.ticket-ttl must be between 1s and login.max-ticket-ttl (600s)",
				"login.ticket-ttl=601s");
		assertRefused("ticketTtl", "must be at least 1s", "login.ticket-ttl=0s");
	}

	@Test
	void shouldRefuseADedupRetentionShorterThanWechatsRetries() {
		assertRefused("dedupRetention", "must be at least 20s", "login.dedup-retention=19s");
	}

	@Test
	void shouldRefuseIntervalsThatAreNotPositive() {
		for (String property : List.of("scan-grace", "status-retention", "expiry-check-interval", "status-wait")) {
			assertRefused(camelCase(property), "must be positive", "login." + property + "=0s");
		}
		assertRefused("limits.clientStartsPeriod", "must be positive", "login.limits.client-starts-period=0s");
		assertRefused("limits.headerTimeout", "must be positive", "login.limits.header-timeout=-1s");
		assertRefused("forward.connectTimeout", "must be positive", "login.forward.connect-timeout=0s");
	}

	@Test
	void shouldRefuseASkewOrGraceThatWouldLetLateScansLogIn() {
		assertRefused("scanClockSkew", "must be between 0s and 1m", "login.scan-clock-skew=61s");
		assertRefused("scanClockSkew", "must be between 0s and 1m", "login.scan-clock-skew=-1s");
		assertRefused("expiryGrace", "must be between 0s and 10m", "login.expiry-grace=11m");
		this.runner.withPropertyValues("login.scan-clock-skew=0s", "login.expiry-grace=0s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shouldRefuseCountsBelowOne() {
		assertRefused("maxExpiriesPerSweep", "must be at least 1", "login.max-expiries-per-sweep=0");
		for (String limit : List.of("client-starts", "account-starts", "tracked-clients", "max-streams",
				"max-streams-per-client")) {
			assertRefused("limits." + camelCase(limit), "must be at least 1", "login.limits." + limit + "=0");
		}
	}

	@Test
	void shouldRefuseAForwardTimeoutThatWouldCutStatusStreams() {
		assertRefused("forward.responseTimeout", "must be at least 16s", "login.forward.response-timeout=15s");
	}

	@Test
	void shouldNameShortSecretsWithoutPrintingThem() {
		this.runner.withPropertyValues("login.redeem-api-key=short-key")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationException.class)
				.hasMessage("login.redeem-api-key must be at least 16 characters"));
		this.runner.withPropertyValues("login.instance-secret=short-secret")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationException.class)
				.hasMessage("login.instance-secret must be at least 16 characters"));
	}

	@Test
	void shouldTreatAnEmptyInstanceSecretAsUnset() {
		this.runner.withPropertyValues("login.instance-secret=")
			.run((context) -> assertThat(context.getBean(LoginProperties.class).instanceSecret()).isNull());
	}

	@Test
	void shouldShowEveryPropertyButNoSecretInItsText() {
		this.runner.withPropertyValues("login.instance-secret=" + INSTANCE_SECRET).run((context) -> {
			String text = context.getBean(LoginProperties.class).toString();
			List<String> names = new ArrayList<>(
					Arrays.stream(LoginProperties.class.getRecordComponents()).map(RecordComponent::getName).toList());
			assertThat(names).allSatisfy((name) -> assertThat(text).contains(name + "="));
			assertThat(text).doesNotContain(KEY).doesNotContain(INSTANCE_SECRET);
		});
	}

	private void assertRefused(String field, String reason, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("on field '" + field + "'")
				.hasMessageContaining("default message [" + reason + "]"));
	}

	private void assertRefusedInCode(String message, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationException.class)
				.hasMessage(message));
	}

	private static String camelCase(String property) {
		StringBuilder name = new StringBuilder();
		for (String part : property.split("-")) {
			name.append(name.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
		}
		return name.toString();
	}

	@EnableConfigurationProperties(LoginProperties.class)
	static class Properties {

	}

}
