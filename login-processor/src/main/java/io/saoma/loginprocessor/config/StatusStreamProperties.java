package io.saoma.loginprocessor.config;

import java.time.Duration;

import io.saoma.common.config.PositiveDuration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code login.status-stream.*}: the browser's Server-Sent Event stream of its login.
 *
 * @param heartbeat how often an idle stream sends a comment, to keep it open through
 * proxies (and, passed on, within {@code login.forward.response-timeout})
 * @param ownerCheckInterval how often a stream checks that this instance still owns its
 * login; once another instance does (a rebalance: rolling deploy, scale-out, failover),
 * the stream sends the latest status the new owner gives and ends, so that the browser's
 * EventSource reconnects and is served by the new owner
 * @param reconnectDelay the {@code retry} a stream that ends before its login is decided
 * (moved, or not servable now) tells EventSource to wait before reconnecting
 */
@Validated
@ConfigurationProperties("login.status-stream")
public record StatusStreamProperties(@DefaultValue("15s") @PositiveDuration Duration heartbeat,
		@DefaultValue("2s") @PositiveDuration Duration ownerCheckInterval,
		@DefaultValue("1s") @PositiveDuration Duration reconnectDelay) {

	/**
	 * The defaults.
	 * @return the settings when nothing is configured
	 */
	public static StatusStreamProperties defaults() {
		return new StatusStreamProperties(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(1));
	}

}
