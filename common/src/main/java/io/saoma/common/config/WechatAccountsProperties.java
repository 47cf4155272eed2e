package io.saoma.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The official accounts, each under its account id: {@code wechat.accounts.<account>.*}.
 * One shape for every service: the receiver reads the server configuration (app id,
 * token, keys, encryption mode), the login processor the API credentials (app id, app
 * secret), the forwarder whether an account has an EncodingAESKey. Binding checks only
 * the ids ({@link AccountIds}); each service checks the fields it needs, naming the
 * property and never its value (most are secrets, and Boot's validation report would
 * print them).
 *
 * @param accounts the accounts by id
 */
@ConfigurationProperties("wechat")
public record WechatAccountsProperties(@DefaultValue Map<String, Account> accounts) {

	public WechatAccountsProperties {
		accounts.keySet().forEach((id) -> AccountIds.check("wechat.accounts", id));
		accounts = Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
	}

	/**
	 * One official account as configured in the WeChat console (设置与开发 / 基本配置).
	 *
	 * @param appId the AppID ({@code wx...})
	 * @param appSecret the AppSecret (开发者密码), for the API: the login processor needs it
	 * @param token the server Token (3 to 32 letters or digits): the receiver needs it
	 * @param encodingAesKey the 43-character EncodingAESKey; required for compatible and
	 * safe mode
	 * @param previousEncodingAesKey the key before the last rotation, still accepted so
	 * no push is lost while WeChat switches over
	 * @param encryptionMode {@code plaintext}, {@code compatible} or {@code safe}: the
	 * weakest mode a push is accepted in; {@code safe} by default when an EncodingAESKey
	 * is set, {@code plaintext} otherwise
	 */
	public record Account(String appId, String appSecret, String token, String encodingAesKey,
			String previousEncodingAesKey, String encryptionMode) {

		/**
		 * Whether an EncodingAESKey is set: without one the account is in plaintext mode
		 * and its pushes carry no ciphertext.
		 * @return {@code true} if one is set
		 */
		public boolean hasEncodingAesKey() {
			return this.encodingAesKey != null && !this.encodingAesKey.isBlank();
		}

		@Override
		public String toString() {
			return "Account[appId=" + this.appId + ", appSecret=" + masked(this.appSecret) + ", token="
					+ masked(this.token) + ", encodingAesKey=" + masked(this.encodingAesKey)
					+ ", previousEncodingAesKey=" + masked(this.previousEncodingAesKey) + ", encryptionMode="
					+ this.encryptionMode + "]";
		}

		private static String masked(String secret) {
			return (secret != null) ? "******" : "none";
		}

	}

}
