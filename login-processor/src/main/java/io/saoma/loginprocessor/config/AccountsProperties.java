package io.saoma.loginprocessor.config;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The official accounts logins are issued for: {@code wechat.accounts.<account>.app-id}
 * and {@code .app-secret}, the same keys the receiver reads (it ignores the secret, this
 * application ignores token and keys).
 *
 * @param accounts the accounts by id
 */
@ConfigurationProperties("wechat")
public record AccountsProperties(@DefaultValue Map<String, Account> accounts) {

	/**
	 * One account's API credentials.
	 *
	 * @param appId the AppID
	 * @param appSecret the AppSecret (开发者密码)
	 */
	public record Account(String appId, String appSecret) {

		@Override
		public String toString() {
			return "Account[appId=" + this.appId + ", appSecret=******]";
		}

	}

}
