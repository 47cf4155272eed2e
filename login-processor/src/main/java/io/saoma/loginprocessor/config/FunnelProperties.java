package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.List;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.loginprocessor.topology.FunnelSettings;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code login.funnel.*}: the login funnel for analysts ({@code wechat.login-funnel} and
 * {@code GET /api/login-funnel}).
 *
 * @param windows the sizes of the tumbling windows, whole seconds, each counted on its
 * own
 * @param grace how long after a window's end a late step (a scan that reached the matcher
 * late) is still counted in it; later ones are dropped
 * @param history how many windows of each size are kept and shown by the API
 * @param apiKey the key analysts' tools present to read {@code GET /api/login-funnel}
 * ({@code Authorization: Bearer <key>}); unset, the API is off (404): the funnel is
 * business data, not for anonymous callers, and a key of its own cannot redeem codes
 */
@Validated
@ConfigurationProperties("login.funnel")
public record FunnelProperties(@DefaultValue( {
		"1m", "1h" }) List<Duration> windows,
		@DefaultValue("1m") @DurationMin(seconds = 0, message = "must not be negative") Duration grace,
		@DefaultValue("24") @Min(value = 1, message = "must be at least 1") int history, String apiKey){

	public FunnelProperties {
		if (apiKey != null && apiKey.isEmpty()) {
			apiKey = null;
		}
		if (apiKey != null && apiKey.length() < 16) {
			throw new InvalidConfigurationException("login.funnel.api-key", "must be at least 16 characters",
					"Set a long random secret for analysts' tools, or leave it unset to turn the funnel API off.");
		}
		if (windows == null || windows.isEmpty()) {
			throw new InvalidConfigurationException("login.funnel.windows", "is empty",
					"List at least one window size, e.g. 1m,1h.");
		}
		for (Duration window : windows) {
			if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
				throw new InvalidConfigurationException("login.funnel.windows",
						"must be whole seconds, at least 1s (not " + window + ")", "Use sizes such as 1m,1h.");
			}
		}
		if (windows.stream().map(FunnelSettings::label).distinct().count() != windows.size()) {
			throw new InvalidConfigurationException("login.funnel.windows", "lists a size twice",
					"List each size once, e.g. 1m,1h.");
		}
	}

	/**
	 * The topology's settings.
	 * @return the windows, grace and history
	 */
	public FunnelSettings settings() {
		return new FunnelSettings(this.windows, (this.grace != null) ? this.grace : FunnelSettings.DEFAULT_GRACE,
				this.history);
	}

	@Override
	public String toString() {
		return "FunnelProperties[windows=" + this.windows + ", grace=" + this.grace + ", history=" + this.history
				+ ", apiKey=" + ((this.apiKey != null) ? "******" : "none") + "]";
	}

}
