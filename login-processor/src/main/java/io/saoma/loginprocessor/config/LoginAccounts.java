package io.saoma.loginprocessor.config;

import java.util.LinkedHashMap;
import java.util.Map;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.loginprocessor.wechat.WechatCredentials;

/**
 * Checks the configured accounts ({@link WechatAccountsProperties}) once at start-up for
 * what logins need, the API credentials, naming the property (never the secret) that is
 * wrong. Binding has checked the account ids; token and keys are the receiver's.
 */
public final class LoginAccounts {

	private LoginAccounts() {
	}

	/**
	 * Validates the accounts.
	 * @param properties the bound properties
	 * @return the credentials by account id
	 * @throws InvalidConfigurationException naming the first invalid property
	 */
	public static Map<String, WechatCredentials> from(WechatAccountsProperties properties) {
		if (properties.accounts().isEmpty()) {
			throw new InvalidConfigurationException("wechat.accounts", "is empty",
					"Configure at least one account: wechat.accounts.<account>.app-id and .app-secret.");
		}
		Map<String, WechatCredentials> accounts = new LinkedHashMap<>();
		// the credentials check app-id and app-secret themselves
		properties.accounts()
			.forEach(
					(id, account) -> accounts.put(id, new WechatCredentials(id, account.appId(), account.appSecret())));
		return accounts;
	}

}
