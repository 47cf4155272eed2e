package io.saoma.loginprocessor.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.loginprocessor.wechat.WechatCredentials;

/**
 * Validates the configured accounts once at start-up, naming the property (never the
 * secret) that is wrong.
 */
public final class LoginAccounts {

	private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	private LoginAccounts() {
	}

	/**
	 * Validates the accounts.
	 * @param properties the bound properties
	 * @return the credentials by account id
	 * @throws InvalidConfigurationException naming the first invalid property
	 */
	public static Map<String, WechatCredentials> from(AccountsProperties properties) {
		if (properties.accounts().isEmpty()) {
			throw new InvalidConfigurationException("wechat.accounts", "is empty",
					"Configure at least one account: wechat.accounts.<account>.app-id and .app-secret.");
		}
		Map<String, WechatCredentials> accounts = new LinkedHashMap<>();
		properties.accounts().forEach((id, account) -> {
			String prefix = "wechat.accounts." + id;
			if (!ACCOUNT_ID.matcher(id).matches()) {
				throw new InvalidConfigurationException(prefix, "has an invalid account id",
						"Account ids are 1 to 64 letters, digits, '-' or '_', starting with a letter or digit.");
			}
			// the credentials check app-id and app-secret themselves
			accounts.put(id, new WechatCredentials(id, account.appId(), account.appSecret()));
		});
		return accounts;
	}

}
