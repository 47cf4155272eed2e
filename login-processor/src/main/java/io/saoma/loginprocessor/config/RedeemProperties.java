package io.saoma.loginprocessor.config;

import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.config.PositiveDuration;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code login.redeem.*}: how the API waits for the status task to decide a redemption.
 *
 * @param timeout how long a redemption waits for the owner's store to show the decision
 * of its request; then it is answered 503 (retry with the same code, which stays safe).
 * Keep it well above the commit interval (two transactions decide a redemption) and below
 * the callers' own timeouts
 * @param pollInterval how often the store is read while waiting, besides being told of
 * every change
 */
@Validated
@ConfigurationProperties("login.redeem")
public record RedeemProperties(
		@DefaultValue("5s") @DurationMin(millis = 100, message = "must be at least 100ms") Duration timeout,
		@DefaultValue("200ms") @PositiveDuration(message = POLL_INTERVAL_RANGE) Duration pollInterval) {

	private static final String POLL_INTERVAL_RANGE = "must be positive and at most login.redeem.timeout";

	public RedeemProperties {
		// a timeout out of range is reported by its own constraint, after this
		if (timeout.toMillis() >= 100 && pollInterval.compareTo(timeout) > 0) {
			throw new InvalidConfigurationException("login.redeem.poll-interval", POLL_INTERVAL_RANGE,
					"Use a duration such as 200ms.");
		}
	}

	/**
	 * The defaults.
	 * @return the settings when nothing is configured
	 */
	public static RedeemProperties defaults() {
		return new RedeemProperties(Duration.ofSeconds(5), Duration.ofMillis(200));
	}

}
