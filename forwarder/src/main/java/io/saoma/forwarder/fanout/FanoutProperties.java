package io.saoma.forwarder.fanout;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The fan-out: {@code forwarder.fanout.*}.
 *
 * @param dedupWindow how long a push is remembered by its {@code dedupId}, so that
 * WeChat's retries (within seconds) and the receiver's replays (within
 * {@code wechat.receiver.replay-window}, 300 s) of it are published once; keep it above
 * the replay window. The store holds the ids of about this long's pushes.
 * @param jsonMirror the JSON mirror ({@code wechat.json.*})
 */
@Validated
@ConfigurationProperties("forwarder.fanout")
public record FanoutProperties(
		@DefaultValue("6m") @DurationMin(seconds = 20, message = "must be between 20s and 1d") @DurationMax(days = 1,
				message = "must be between 20s and 1d") Duration dedupWindow,
		@DefaultValue JsonMirror jsonMirror) {

	/**
	 * The JSON mirror: {@code forwarder.fanout.json-mirror.*}.
	 *
	 * @param enabled whether the fan-out also publishes each push as a JSON object
	 * ({@link WechatEventJson}) to {@code wechat.json.<type>}, in the same exactly-once
	 * transaction; off by default, since it doubles what the fan-out writes
	 */
	public record JsonMirror(@DefaultValue("false") boolean enabled) {

	}

}
