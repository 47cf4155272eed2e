package io.saoma.receiver.config;

import io.saoma.common.InvalidConfigurationException;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Receiver behaviour: {@code wechat.receiver.*}.
 *
 * @param maxBodySize largest accepted request body; larger ones are answered 413
 * @param replayWindow largest accepted difference between the {@code timestamp} query parameter and this server's
 * clock; {@code 0} turns the check off (WeChat's retries reuse the original timestamp for up to about 15 s)
 * @param publishTimeout how long to wait for the broker to acknowledge a push before answering 503 so that WeChat
 * retries; must stay below WeChat's 5 s deadline
 */
@ConfigurationProperties("wechat.receiver")
public record ReceiverProperties(@DefaultValue("64KB") DataSize maxBodySize, @DefaultValue("300s") Duration replayWindow,
		@DefaultValue("3s") Duration publishTimeout) {

	public ReceiverProperties {
		if (maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > 16 * 1024 * 1024) {
			throw new InvalidConfigurationException("wechat.receiver.max-body-size", "must be between 1KB and 16MB",
					"WeChat pushes are a few KB; 64KB is the default.");
		}
		if (replayWindow.isNegative()) {
			throw new InvalidConfigurationException("wechat.receiver.replay-window", "must not be negative",
					"Use 0 to turn the check off, or a duration such as 300s.");
		}
		if (publishTimeout.isNegative() || publishTimeout.isZero() || publishTimeout.compareTo(Duration.ofMillis(4500)) > 0) {
			throw new InvalidConfigurationException("wechat.receiver.publish-timeout",
					"must be positive and at most 4500ms",
					"WeChat gives up after 5 s; the receiver must answer 503 before that so that WeChat retries.");
		}
	}

}
