package io.saoma.forwarder.fanout;

import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fan-out: {@code forwarder.fanout.*}.
 *
 * @param dedupWindow how long a push is remembered by its {@code dedupId}, so that
 * WeChat's retries (within seconds) and the receiver's replays (within
 * {@code wechat.receiver.replay-window}, 300 s) of it are published once; keep it above
 * the replay window. The store holds the ids of about this long's pushes.
 */
@ConfigurationProperties("forwarder.fanout")
public record FanoutProperties(@DefaultValue("6m") Duration dedupWindow) {

	public FanoutProperties {
		if (dedupWindow.compareTo(Duration.ofSeconds(20)) < 0 || dedupWindow.compareTo(Duration.ofDays(1)) > 0) {
			throw new InvalidConfigurationException("forwarder.fanout.dedup-window", "must be between 20s and 1d",
					"Keep it above wechat.receiver.replay-window (300s); the default is 6m.");
		}
	}

}
