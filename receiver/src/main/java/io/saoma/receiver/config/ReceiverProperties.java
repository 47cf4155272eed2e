package io.saoma.receiver.config;

import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.config.PositiveDuration;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

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
 * @param observePushRequests whether pushes ({@code POST /wechat/...}) are also observed
 * as {@code http.server.requests}; off by default, since {@code wechat.receiver.pushes}
 * times and counts each one by account and outcome and the second observation costs CPU
 * per push (see BENCHMARKS.md)
 */
@Validated
@ConfigurationProperties("wechat.receiver")
public record ReceiverProperties(@DefaultValue("64KB") DataSize maxBodySize,
		@DefaultValue("300s") @DurationMin(seconds = 0, message = "must not be negative") Duration replayWindow,
		@DefaultValue("3s") @PositiveDuration(message = WITHIN_WECHAT_DEADLINE) @DurationMax(
				millis = WECHAT_DEADLINE_MILLIS, message = WITHIN_WECHAT_DEADLINE) Duration publishTimeout,
		@DefaultValue("4500ms") @PositiveDuration(message = WITHIN_WECHAT_DEADLINE) @DurationMax(
				millis = WECHAT_DEADLINE_MILLIS, message = WITHIN_WECHAT_DEADLINE) Duration requestDeadline,
		@DefaultValue("3s") @PositiveDuration(message = WITHIN_REQUEST_DEADLINE) Duration bodyReadTimeout,
		@DefaultValue("1024") @Min(value = 1, message = AT_LEAST_ONE) int maxConnections,
		@DefaultValue("256") @Min(value = 1, message = AT_LEAST_ONE) int maxConcurrentPushes,
		@DefaultValue("512") @Min(value = 1, message = AT_LEAST_ONE) int maxPendingSends,
		@DefaultValue("60s") @PositiveDuration Duration rejectionLogInterval,
		@DefaultValue("2s") @PositiveDuration Duration headerTimeout,
		@DefaultValue("false") boolean observePushRequests) {

	/**
	 * How long the receiver may take to answer a push: WeChat gives up after 5 s, the
	 * receiver must answer (503) before that so that WeChat retries.
	 */
	private static final long WECHAT_DEADLINE_MILLIS = 4500;

	private static final String WITHIN_WECHAT_DEADLINE = "must be positive and at most 4500ms";

	private static final String WITHIN_REQUEST_DEADLINE = "must be positive and at most wechat.receiver.request-deadline";

	private static final String AT_LEAST_ONE = "must be at least 1";

	/**
	 * Checks what no constraint can say: the size range of the body (a secret never
	 * travels in it) and the timeouts that are part of the request's deadline.
	 */
	public ReceiverProperties {
		if (maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > 16 * 1024 * 1024) {
			throw new InvalidConfigurationException("wechat.receiver.max-body-size", "must be between 1KB and 16MB",
					"WeChat pushes are a few KB; 64KB is the default.");
		}
		// a timeout outside WeChat's deadline is reported by its own constraint, after
		// this
		if (isWithinWechatDeadline(publishTimeout) && isWithinWechatDeadline(requestDeadline)
				&& publishTimeout.compareTo(requestDeadline) > 0) {
			throw new InvalidConfigurationException("wechat.receiver.publish-timeout",
					"must not be longer than wechat.receiver.request-deadline",
					"The publish timeout is part of the request's deadline; shorten it or lengthen the deadline.");
		}
		if (isWithinWechatDeadline(requestDeadline) && bodyReadTimeout.compareTo(requestDeadline) > 0) {
			throw new InvalidConfigurationException("wechat.receiver.body-read-timeout", WITHIN_REQUEST_DEADLINE,
					"WeChat sends a push in one go; 3s is the default.");
		}
	}

	private static boolean isWithinWechatDeadline(Duration duration) {
		return !duration.isNegative() && !duration.isZero() && duration.toMillis() <= WECHAT_DEADLINE_MILLIS;
	}

}
