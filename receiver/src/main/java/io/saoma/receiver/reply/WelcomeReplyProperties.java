package io.saoma.receiver.reply;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The welcome text answered, inside WeChat, to a new follower:
 * {@code wechat.receiver.welcome.texts.<account>}. An account without one answers
 * {@code success} (no message).
 *
 * @param texts the welcome text per account id
 */
@ConfigurationProperties("wechat.receiver.welcome")
public record WelcomeReplyProperties(@DefaultValue Map<String, String> texts) {

	public WelcomeReplyProperties {
		texts = Map.copyOf(texts);
	}

}
