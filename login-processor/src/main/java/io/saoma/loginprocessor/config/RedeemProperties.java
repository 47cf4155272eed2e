package io.saoma.loginprocessor.config;

import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
@ConfigurationProperties("login.redeem")
public record RedeemProperties(@DefaultValue("5s") Duration timeout, @DefaultValue("200ms") Duration pollInterval) {

	public RedeemProperties {
		if (timeout == null || timeout.compareTo(Duration.ofMillis(100)) < 0) {
			throw new InvalidConfigurationException("login.redeem.timeout", "must be at least 100ms",
					"A redemption takes two transactions (commit.interval.ms each); the default 5s leaves room for a"
							+ " broker hiccup.");
		}
		if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()
				|| pollInterval.compareTo(timeout) > 0) {
			throw new InvalidConfigurationException("login.redeem.poll-interval",
					"must be positive and at most login.redeem.timeout", "Use a duration such as 200ms.");
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
