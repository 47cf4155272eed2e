package io.saoma.receiver.config;

import io.saoma.common.InvalidConfigurationException;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Receiver behaviour: {@code wechat.receiver.*}. WeChat waits 5 s for an answer in all,
 * so every limit below keeps the answer, or the closed connection, within that.
 *
 * @param maxBodySize largest accepted request body; larger ones are answered 413
 * @param replayWindow largest accepted difference between the {@code timestamp} query
 * parameter and this server's clock; {@code 0} turns the check off (WeChat's retries
 * reuse the original timestamp for up to about 15 s)
 * @param publishTimeout how long to wait for the broker to acknowledge a push before
 * answering 503 so that WeChat retries; must stay below WeChat's 5 s deadline and at most
 * {@code requestDeadline}
 * @param requestDeadline the longest a push may take from arrival to answer: reading its
 * body, decoding and publishing; a push still unanswered then is answered 503
 * {@code deadline_exceeded} with its connection closed; the server also closes the
 * connection of any request, whatever its route, whose body is not read by then
 * @param bodyReadTimeout the longest silence while a push body is being read; it is
 * answered 408 {@code body_timeout} and its connection closed then (WeChat sends a push
 * in one go, nothing legitimate pauses mid-body)
 * @param maxConnections the most open connections; further ones are closed as soon as
 * they are accepted
 * @param maxConcurrentPushes the most pushes (POSTs) being read, decoded or published at
 * once; further ones are answered 503 {@code overloaded} at once, without reading their
 * body
 * @param maxPendingSends the most pushes handed to the Kafka producer, or waiting to be,
 * and not yet acknowledged or failed; further pushes are answered 503 {@code broker_busy}
 * at once (this bounds what a broker outage can pile up in memory)
 * @param rejectionLogInterval rejections are logged at most once per account and outcome
 * per interval, with the count since the previous line; the first one at once
 * @param headerTimeout the longest a request's line and headers may take to arrive, from
 * the connection's opening or, on a keep-alive connection, from the next request's first
 * byte; a connection that misses it is answered 408 (or just closed if nothing arrived)
 * and closed (WeChat sends a push in one go; this bounds clients that trickle headers)
 */
@ConfigurationProperties("wechat.receiver")
public record ReceiverProperties(@DefaultValue("64KB") DataSize maxBodySize,
		@DefaultValue("300s") Duration replayWindow, @DefaultValue("3s") Duration publishTimeout,
		@DefaultValue("4500ms") Duration requestDeadline, @DefaultValue("3s") Duration bodyReadTimeout,
		@DefaultValue("1024") int maxConnections, @DefaultValue("64") int maxConcurrentPushes,
		@DefaultValue("128") int maxPendingSends, @DefaultValue("60s") Duration rejectionLogInterval,
		@DefaultValue("2s") Duration headerTimeout) {

	private static final Duration WECHAT_DEADLINE = Duration.ofMillis(4500);

	public ReceiverProperties {
		if (maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > 16 * 1024 * 1024) {
			throw new InvalidConfigurationException("wechat.receiver.max-body-size", "must be between 1KB and 16MB",
					"WeChat pushes are a few KB; 64KB is the default.");
		}
		if (replayWindow.isNegative()) {
			throw new InvalidConfigurationException("wechat.receiver.replay-window", "must not be negative",
					"Use 0 to turn the check off, or a duration such as 300s.");
		}
		if (!isPositiveAndAtMost(publishTimeout, WECHAT_DEADLINE)) {
			throw new InvalidConfigurationException("wechat.receiver.publish-timeout",
					"must be positive and at most 4500ms",
					"WeChat gives up after 5 s; the receiver must answer 503 before that so that WeChat retries.");
		}
		if (!isPositiveAndAtMost(requestDeadline, WECHAT_DEADLINE)) {
			throw new InvalidConfigurationException("wechat.receiver.request-deadline",
					"must be positive and at most 4500ms",
					"WeChat gives up after 5 s; the receiver must answer before that so that WeChat retries.");
		}
		if (publishTimeout.compareTo(requestDeadline) > 0) {
			throw new InvalidConfigurationException("wechat.receiver.publish-timeout",
					"must not be longer than wechat.receiver.request-deadline",
					"The publish timeout is part of the request's deadline; shorten it or lengthen the deadline.");
		}
		if (!isPositiveAndAtMost(bodyReadTimeout, requestDeadline)) {
			throw new InvalidConfigurationException("wechat.receiver.body-read-timeout",
					"must be positive and at most wechat.receiver.request-deadline",
					"WeChat sends a push in one go; 3s is the default.");
		}
		requireAtLeastOne("wechat.receiver.max-connections", maxConnections);
		requireAtLeastOne("wechat.receiver.max-concurrent-pushes", maxConcurrentPushes);
		requireAtLeastOne("wechat.receiver.max-pending-sends", maxPendingSends);
		if (rejectionLogInterval.isNegative() || rejectionLogInterval.isZero()) {
			throw new InvalidConfigurationException("wechat.receiver.rejection-log-interval", "must be positive",
					"Use a duration such as 60s.");
		}
		if (headerTimeout.isNegative() || headerTimeout.isZero()) {
			throw new InvalidConfigurationException("wechat.receiver.header-timeout", "must be positive",
					"WeChat sends a push's headers in one go; 2s is the default.");
		}
	}

	private static boolean isPositiveAndAtMost(Duration duration, Duration limit) {
		return !duration.isNegative() && !duration.isZero() && duration.compareTo(limit) <= 0;
	}

	private static void requireAtLeastOne(String property, int value) {
		if (value < 1) {
			throw new InvalidConfigurationException(property, "must be at least 1",
					"It is a limit that keeps hostile traffic from holding the receiver; see README.");
		}
	}

}
