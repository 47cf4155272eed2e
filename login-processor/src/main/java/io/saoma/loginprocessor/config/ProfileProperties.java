package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code login.profile.*}: whether a redemption also asks WeChat's {@code user/info}
 * about the user (for the unionid), and how long it may wait for the answer.
 *
 * @param accounts the accounts whose redemptions carry a {@code profile} (opt-in: none by
 * default, since each lookup spends the AppID's {@code user/info} quota); every id must
 * be one of {@code wechat.accounts}
 * @param timeout the longest a redemption waits for WeChat's answer (token included);
 * later, the redemption is answered with an unavailable profile
 * @param cacheTtl how long a profile is remembered per account and openid (0s: not at
 * all); failures are never remembered
 * @param cacheSize how many profiles are remembered at most (the least recently used are
 * dropped)
 */
@Validated
@ConfigurationProperties("login.profile")
public record ProfileProperties(@DefaultValue List<String> accounts,
		@DefaultValue("1500ms") @DurationMin(millis = 100, message = TIMEOUT_RANGE) @DurationMax(seconds = 10,
				message = TIMEOUT_RANGE) Duration timeout,
		@DefaultValue("10m") @DurationMin(seconds = 0, message = "must not be negative") Duration cacheTtl,
		@DefaultValue("10000") @Min(value = 1, message = "must be at least 1") int cacheSize) {

	private static final String TIMEOUT_RANGE = "must be between 100ms and 10s";

	public ProfileProperties {
		accounts = (accounts != null) ? List.copyOf(accounts) : List.of();
	}

	/**
	 * The defaults.
	 * @return the settings when nothing is configured
	 */
	public static ProfileProperties defaults() {
		return new ProfileProperties(List.of(), Duration.ofMillis(1500), Duration.ofMinutes(10), 10_000);
	}

}
