package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.List;

import io.saoma.common.InvalidConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The login flow: {@code login.*}.
 *
 * @param ticketTtl lifetime of a QR code when the request names none (WeChat allows up to 30 days)
 * @param dedupRetention how long a scan is remembered to drop further deliveries of it: WeChat's retries (within about
 * 15 s) and replays the receiver still accepts (within {@code wechat.receiver.replay-window}, 300 s by default)
 * @param scanGrace how long a scan that arrives before its ticket is held
 * @param statusRetention how long a decided login stays queryable and its code redeemable
 * @param expiryCheckInterval how often expiries are swept
 * @param statusWait how long a status request waits for a login that is not known yet (its status appears a moment after it was created)
 * @param redeemApiKey the key login services present to redeem codes ({@code Authorization: Bearer <key>})
 * @param corsAllowedOrigins origins of login pages served elsewhere that may call the browser API (start, status,
 * events); redemption is server-to-server and never allowed cross-origin
 */
@ConfigurationProperties("login")
public record LoginProperties(@DefaultValue("300s") Duration ticketTtl, @DefaultValue("6m") Duration dedupRetention,
		@DefaultValue("30s") Duration scanGrace, @DefaultValue("10m") Duration statusRetention,
		@DefaultValue("1s") Duration expiryCheckInterval, @DefaultValue("5s") Duration statusWait,
		String redeemApiKey, @DefaultValue List<String> corsAllowedOrigins) {

	/** WeChat's upper bound for a temporary QR code. */
	public static final Duration MAX_TICKET_TTL = Duration.ofSeconds(2_592_000);

	public LoginProperties {
		if (ticketTtl.isNegative() || ticketTtl.isZero() || ticketTtl.compareTo(MAX_TICKET_TTL) > 0) {
			throw new InvalidConfigurationException("login.ticket-ttl", "must be between 1s and 2592000s",
					"WeChat accepts temporary QR codes of up to 30 days; a few minutes suits a login page.");
		}
		if (dedupRetention.compareTo(Duration.ofSeconds(20)) < 0) {
			throw new InvalidConfigurationException("login.dedup-retention", "must be at least 20s",
					"WeChat retries a push for about 15 s and the receiver accepts a replay of it for up to "
							+ "wechat.receiver.replay-window (300s by default); the default 6m covers both.");
		}
		requirePositive(scanGrace, "login.scan-grace");
		requirePositive(statusRetention, "login.status-retention");
		requirePositive(expiryCheckInterval, "login.expiry-check-interval");
		requirePositive(statusWait, "login.status-wait");
		if (redeemApiKey == null || redeemApiKey.length() < 16) {
			throw new InvalidConfigurationException("login.redeem-api-key",
					(redeemApiKey == null) ? "is missing" : "must be at least 16 characters",
					"Set a long random secret; login services send it as 'Authorization: Bearer <key>' to redeem codes.");
		}
	}

	private static void requirePositive(Duration value, String property) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationException(property, "must be positive", "Use a duration such as 30s.");
		}
	}

	@Override
	public String toString() {
		return "LoginProperties[ticketTtl=" + this.ticketTtl + ", dedupRetention=" + this.dedupRetention
				+ ", scanGrace=" + this.scanGrace + ", statusRetention=" + this.statusRetention + ", redeemApiKey=******]";
	}

}
