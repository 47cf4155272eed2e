package io.saoma.receiver.config;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The official accounts this receiver serves, each under its account id:
 * {@code wechat.accounts.<account>.*}. The values are checked by {@link WechatAccounts}
 * at start-up; secrets are never printed.
 *
 * @param accounts the accounts by id (the {@code {account}} path segment of the server
 * URL)
 */
@ConfigurationProperties("wechat")
public record WechatProperties(@DefaultValue Map<String, Account> accounts) {

	/**
	 * One official account as configured in the WeChat console (基本配置 / 服务器配置).
	 *
	 * @param appId the AppID ({@code wx...})
	 * @param token the server Token (3 to 32 letters or digits)
	 * @param encodingAesKey the 43-character EncodingAESKey; required for compatible and
	 * safe mode
	 * @param previousEncodingAesKey the key before the last rotation, still accepted so
	 * no push is lost while WeChat switches over
	 * @param encryptionMode {@code plaintext}, {@code compatible} or {@code safe}: the
	 * weakest mode a push is accepted in; {@code safe} by default when an EncodingAESKey
	 * is set, {@code plaintext} otherwise
	 */
	public record Account(String appId, String token, String encodingAesKey, String previousEncodingAesKey,
			String encryptionMode) {

		@ConstructorBinding
		public Account {
		}

		/**
		 * An account in the default encryption mode for its keys.
		 * @param appId the AppID
		 * @param token the server Token
		 * @param encodingAesKey the EncodingAESKey, or {@code null}
		 * @param previousEncodingAesKey the previous EncodingAESKey, or {@code null}
		 */
		public Account(String appId, String token, String encodingAesKey, String previousEncodingAesKey) {
			this(appId, token, encodingAesKey, previousEncodingAesKey, null);
		}

		@Override
		public String toString() {
			return "Account[appId=" + this.appId + ", token=******, encodingAesKey=******, previousEncodingAesKey="
					+ ((this.previousEncodingAesKey != null) ? "******" : "none") + ", encryptionMode="
					+ this.encryptionMode + "]";
		}

	}

}
