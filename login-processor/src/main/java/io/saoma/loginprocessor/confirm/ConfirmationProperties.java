package io.saoma.loginprocessor.confirm;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import io.saoma.common.config.PositiveDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The login confirmation, a customer-service text sent in WeChat to the person who just
 * logged in: {@code login.confirmation.*}. An account without a text gets none; with no
 * text at all, the confirmation consumer does not run.
 *
 * @param accounts the text per account id ({@code wechat.accounts.<account>})
 * @param maxAge a login decided longer ago than this is not confirmed any more ("you just
 * logged in" hours later is wrong): it is counted as {@code skipped_stale}
 * @param zone the time zone of the {@code {time}} placeholder
 * @param retry how failed sends are retried through the retry topics
 */
@Validated
@ConfigurationProperties("login.confirmation")
public record ConfirmationProperties(@DefaultValue Map<String, @Valid Account> accounts,
		@DefaultValue("10m") @PositiveDuration Duration maxAge, @DefaultValue("Asia/Shanghai") ZoneId zone,
		@DefaultValue @Valid Retry retry) {

	/**
	 * Whether any account has a confirmation switched on.
	 * @return {@code true} if the consumer has anything to do
	 */
	public boolean anyEnabled() {
		return this.accounts.values().stream().anyMatch(Account::isOn);
	}

	/**
	 * One account's confirmation.
	 *
	 * @param enabled switches the text off without removing it
	 * @param text the message, with the placeholders {@code {time}} (when the login was
	 * decided, {@code HH:mm} in {@code zone}) and {@code {date}} ({@code yyyy-MM-dd}); at
	 * most 2,000 characters
	 */
	public record Account(@DefaultValue("true") boolean enabled, String text) {

		boolean isOn() {
			return this.enabled && this.text != null && !this.text.isBlank();
		}

	}

	/**
	 * Retries of a send that failed for a reason that may pass (WeChat busy, quota, HTTP
	 * 5xx, timeout), with an exponential back-off, each in a retry topic, then a dead
	 * letter.
	 *
	 * @param attempts how many attempts in all, the first included
	 * @param initialDelay the delay before the first retry
	 * @param multiplier the factor of each further delay
	 * @param maxDelay the longest delay
	 * @param topicPartitions partitions of the retry and dead-letter topics (created when
	 * missing)
	 */
	public record Retry(
			@DefaultValue("4") @Min(value = 1, message = "must be between 1 and 10") @Max(value = 10,
					message = "must be between 1 and 10") int attempts,
			@DefaultValue("2s") @PositiveDuration Duration initialDelay,
			@DefaultValue("2.0") @DecimalMin(value = "1.0", message = "must be at least 1.0") double multiplier,
			@DefaultValue("1m") @PositiveDuration Duration maxDelay,
			@DefaultValue("1") @Min(value = 1, message = "must be at least 1") int topicPartitions) {

	}

}
