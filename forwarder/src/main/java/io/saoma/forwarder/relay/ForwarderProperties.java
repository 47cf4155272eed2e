package io.saoma.forwarder.relay;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.config.AccountIds;
import io.saoma.common.config.PositiveDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The relay to Authing: {@code forwarder.*}.
 *
 * @param accounts per account (the receiver's account ids) where and what to relay;
 * accounts not listed are not relayed
 * @param retry the non-blocking retries of failed relays
 * @param circuit when to stop calling an endpoint that keeps failing
 * @param relay the HTTP calls
 */
@Validated
@ConfigurationProperties("forwarder")
public record ForwarderProperties(@DefaultValue Map<String, Account> accounts, @DefaultValue @Valid Retry retry,
		@DefaultValue @Valid Circuit circuit, @DefaultValue @Valid Relay relay) {

	/**
	 * Checks what no constraint can say: the account ids (by the rule of
	 * {@code wechat.accounts}: an id names the account's waiting topic) and the events
	 * URLs (they may carry a secret, which Boot's validation report would print).
	 */
	public ForwarderProperties {
		accounts.forEach((id, account) -> {
			AccountIds.check("forwarder.accounts", id);
			checkEventsUrl(id, account.eventsUrl());
		});
	}

	/**
	 * Refuses an events URL that is not an absolute http(s) URL with a host. Names the
	 * property, never the value: an events URL may carry a secret (a token in its query
	 * or user info).
	 */
	private static void checkEventsUrl(String id, String eventsUrl) {
		String property = "forwarder.accounts." + id + ".events-url";
		String action = "Use the events URL of the Authing connection: "
				+ "https://core.authing.cn/connections/social/<identifier>/<USERPOOL_ID>/events.";
		if (eventsUrl == null || eventsUrl.isBlank()) {
			throw new InvalidConfigurationException(property, "is missing", action);
		}
		URI url;
		try {
			url = new URI(eventsUrl.strip());
		}
		catch (URISyntaxException ex) {
			throw new InvalidConfigurationException(property, "is not a valid URL", action);
		}
		if (!url.isAbsolute()
				|| !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))
				|| url.getHost() == null || url.getHost().isBlank()) {
			throw new InvalidConfigurationException(property, "is not an absolute http(s) URL with a host", action);
		}
	}

	/**
	 * One account's Authing connection.
	 *
	 * @param eventsUrl the connection's events URL (bound as text and checked at
	 * start-up, so that a failure report never shows it: it may carry a secret)
	 * @param format how the push is relayed
	 * @param events which pushes are relayed
	 */
	public record Account(String eventsUrl, @DefaultValue("authing-demo") Format format,
			@DefaultValue("login") Events events) {

		/**
		 * The events URL, checked at start-up.
		 * @return the URL
		 */
		public URI endpoint() {
			return URI.create(this.eventsUrl.strip());
		}

		@Override
		public String toString() {
			return "Account[eventsUrl=******, format=" + this.format + ", events=" + this.events + "]";
		}

	}

	/**
	 * How a push is relayed.
	 */
	public enum Format {

		/**
		 * Exactly what Authing's official relay demo sends: JSON of the XML envelope,
		 * ciphertext as received.
		 */
		AUTHING_DEMO,
		/**
		 * The original body, query string and content type, for endpoints that verify
		 * WeChat's signatures.
		 */
		VERBATIM

	}

	/**
	 * Which pushes are relayed.
	 */
	public enum Events {

		/**
		 * Login scans ({@link io.saoma.schemas.LoginScans}): {@code subscribe} through a
		 * QR code ({@code qrscene_} EventKey) and {@code SCAN}, with a Ticket.
		 */
		LOGIN,
		/** Every push. */
		ALL

	}

	/**
	 * @param attempts deliveries in all, the first included, before a push goes to the
	 * dead-letter topic
	 * @param initialDelay delay before the first retry
	 * @param multiplier growth of the delay per retry
	 * @param maxDelay largest delay
	 * @param topicPartitions partitions of the retry and dead-letter topics (created at
	 * start-up when missing)
	 */
	public record Retry(@DefaultValue("10") @Min(value = 1, message = "must be at least 1") int attempts,
			@DefaultValue("1s") @DurationMin(seconds = 0, message = "must not be negative") Duration initialDelay,
			@DefaultValue("2.0") @DecimalMin(value = "1", message = "must be at least 1") double multiplier,
			@DefaultValue("5m") Duration maxDelay,
			@DefaultValue("3") @Min(value = 1, message = "must be at least 1") int topicPartitions) {

		public Retry {
			if (maxDelay.compareTo(initialDelay) < 0) {
				throw new InvalidConfigurationException("forwarder.retry.max-delay",
						"must not be shorter than forwarder.retry.initial-delay",
						"The delay grows from initial-delay up to max-delay; the defaults are 1s and 5m.");
			}
		}

	}

	/**
	 * @param failureThreshold consecutive failures (timeouts, connection errors, 5xx,
	 * 408, 429, and 3xx, 401, 403, 404 that say the events URL is wrong) that open the
	 * circuit
	 * @param openDuration how long relays wait, without calling the endpoint, before one
	 * is let through as a probe
	 * @param recheckInterval how often a relay waiting for an endpoint asks its circuit
	 * again (no call is made while the circuit refuses)
	 */
	public record Circuit(@DefaultValue("5") @Min(value = 1, message = "must be at least 1") int failureThreshold,
			@DefaultValue("10s") @PositiveDuration Duration openDuration,
			@DefaultValue("1s") @PositiveDuration Duration recheckInterval) {
	}

	/**
	 * @param timeout deadline of one call to the endpoint
	 * @param concurrency consumers of the main topic
	 * @param maxAge a push received longer ago is not relayed (its QR code has long
	 * expired): it goes to the dead-letter topic with the reason
	 * @param startPosition where a new consumer group (or one whose committed offset has
	 * been deleted) starts reading {@code wechat.events}
	 * @param pool the HTTP connection pool shared by every relay consumer
	 * @param inFlight how many relays of the main and retry topics may be in flight (or
	 * queued behind an earlier relay of the same user) at once, across all their
	 * consumers
	 * @param retryConcurrency consumers per retry topic and of the dead-letter topic:
	 * they are idle but for failures, and their relays are in flight side by side too, so
	 * one each is enough (each consumer costs its own threads: heartbeat, metrics,
	 * scheduler)
	 */
	public record Relay(@DefaultValue("5s") @PositiveDuration Duration timeout,
			@DefaultValue("3") @Min(value = 1, message = "must be at least 1") int concurrency,
			@DefaultValue("1h") @PositiveDuration Duration maxAge, @DefaultValue("max-age") StartPosition startPosition,
			@DefaultValue @Valid Pool pool,
			@DefaultValue("64") @Min(value = 1, message = "must be at least 1") int inFlight,
			@DefaultValue("1") @Min(value = 1, message = "must be at least 1") int retryConcurrency) {
	}

	/**
	 * Where a new relay consumer group starts reading {@code wechat.events}
	 * ({@code auto.offset.reset}).
	 */
	public enum StartPosition {

		/**
		 * The oldest retained push: up to the topic's retention (7 days) of pushes, most
		 * of them too old to relay.
		 */
		EARLIEST,
		/**
		 * Only pushes received after the group started: what arrived before is never
		 * relayed.
		 */
		LATEST,
		/**
		 * Pushes no older than {@code forwarder.relay.max-age}: everything that may still
		 * be relayed, nothing that would only be dead-lettered.
		 */
		MAX_AGE

	}

	/**
	 * The HTTP connection pool (Reactor Netty) that every relay consumer shares; each
	 * consumer holds at most one connection at a time.
	 *
	 * @param maxConnections connections per endpoint host; 0: one per relay consumer
	 * (main, retry and waiting containers, times their concurrency, plus the re-drive)
	 * @param pendingAcquireMaxCount calls that may wait for a connection; 0: as many as
	 * max-connections
	 * @param pendingAcquireTimeout longest wait for a connection; 0: the relay timeout
	 * @param maxIdleTime an idle connection older than this is closed (before the
	 * endpoint or a proxy closes it)
	 * @param maxLifeTime a connection older than this is closed once idle
	 * @param evictionInterval how often idle and old connections are closed in the
	 * background
	 */
	public record Pool(@DefaultValue("0") @Min(value = 0, message = "must not be negative") int maxConnections,
			@DefaultValue("0") @Min(value = 0, message = "must not be negative") int pendingAcquireMaxCount,
			@DefaultValue("0s") @DurationMin(seconds = 0,
					message = "must not be negative") Duration pendingAcquireTimeout,
			@DefaultValue("20s") @PositiveDuration Duration maxIdleTime,
			@DefaultValue("10m") @PositiveDuration Duration maxLifeTime,
			@DefaultValue("10s") @PositiveDuration Duration evictionInterval) {
	}

}
