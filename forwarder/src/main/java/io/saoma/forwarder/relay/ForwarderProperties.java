package io.saoma.forwarder.relay;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.saoma.common.InvalidConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay to Authing: {@code forwarder.*}.
 *
 * @param accounts per account (the receiver's account ids) where and what to relay; accounts not listed are not
 * relayed
 * @param retry the non-blocking retries of failed relays
 * @param circuit when to stop calling an endpoint that keeps failing
 * @param relay the HTTP calls
 */
@ConfigurationProperties("forwarder")
public record ForwarderProperties(@DefaultValue Map<String, Account> accounts, @DefaultValue Retry retry,
		@DefaultValue Circuit circuit, @DefaultValue Relay relay) {

	public ForwarderProperties {
		accounts.forEach((id, account) -> {
			URI url = account.eventsUrl();
			if (url == null || url.getHost() == null
					|| !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
				throw new InvalidConfigurationException("forwarder.accounts." + id + ".events-url",
						"is missing or not an http(s) URL",
						"Use the events URL of the Authing connection: https://core.authing.cn/connections/social/<identifier>/<USERPOOL_ID>/events.");
			}
		});
		if (retry.attempts() < 1 || retry.initialDelay().isNegative() || retry.multiplier() < 1
				|| retry.maxDelay().compareTo(retry.initialDelay()) < 0) {
			throw new InvalidConfigurationException("forwarder.retry", "is inconsistent",
					"attempts >= 1, multiplier >= 1 and max-delay >= initial-delay.");
		}
		if (circuit.failureThreshold() < 1 || (circuit.openDuration().isNegative() || circuit.openDuration().isZero())) {
			throw new InvalidConfigurationException("forwarder.circuit", "is inconsistent",
					"failure-threshold >= 1 and a positive open-duration.");
		}
		if ((relay.timeout().isNegative() || relay.timeout().isZero()) || relay.concurrency() < 1) {
			throw new InvalidConfigurationException("forwarder.relay", "is inconsistent",
					"A positive timeout and concurrency >= 1.");
		}
	}

	/**
	 * One account's Authing connection.
	 *
	 * @param eventsUrl the connection's events URL
	 * @param format how the push is relayed
	 * @param events which pushes are relayed
	 */
	public record Account(URI eventsUrl, @DefaultValue("authing-demo") Format format,
			@DefaultValue("login") Events events) {
	}

	/**
	 * How a push is relayed.
	 */
	public enum Format {

		/** Exactly what Authing's official relay demo sends: JSON of the XML envelope, ciphertext as received. */
		AUTHING_DEMO,
		/** The original body, query string and content type, for endpoints that verify WeChat's signatures. */
		VERBATIM

	}

	/**
	 * Which pushes are relayed.
	 */
	public enum Events {

		/** {@code subscribe} through a QR code ({@code qrscene_} EventKey) and {@code SCAN}: what a login needs. */
		LOGIN,
		/** Every push. */
		ALL

	}

	/**
	 * @param attempts deliveries in all, the first included, before a push goes to the dead-letter topic
	 * @param initialDelay delay before the first retry
	 * @param multiplier growth of the delay per retry
	 * @param maxDelay largest delay
	 * @param topicPartitions partitions of the retry and dead-letter topics (created at start-up when missing)
	 */
	public record Retry(@DefaultValue("10") int attempts, @DefaultValue("1s") Duration initialDelay,
			@DefaultValue("2.0") double multiplier, @DefaultValue("5m") Duration maxDelay,
			@DefaultValue("3") int topicPartitions) {
	}

	/**
	 * @param failureThreshold consecutive failures (timeouts, connection errors, 5xx, 408, 429, and 3xx, 401, 403, 404
	 * that say the events URL is wrong) that open the circuit
	 * @param openDuration how long relays wait, without calling the endpoint, before one is let through as a probe
	 */
	public record Circuit(@DefaultValue("5") int failureThreshold, @DefaultValue("10s") Duration openDuration) {
	}

	/**
	 * @param timeout deadline of one call to the endpoint
	 * @param concurrency consumers of {@code wechat.events} (at most its partition count is useful); each relays its
	 * partitions in order
	 */
	public record Relay(@DefaultValue("5s") Duration timeout, @DefaultValue("3") int concurrency) {
	}

}
