package io.saoma.receiver.reply;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.receiver.config.WechatAccounts;

/**
 * Refuses a welcome text for an account the receiver does not serve (a typo in the
 * account id would otherwise leave new followers without it, silently).
 */
public final class WelcomeReplyChecks {

	private WelcomeReplyChecks() {
	}

	/**
	 * Checks the welcome texts against the accounts.
	 * @param welcome the welcome texts
	 * @param accounts the accounts
	 * @throws InvalidConfigurationException if a text names no configured account
	 */
	public static void check(WelcomeReplyProperties welcome, WechatAccounts accounts) {
		for (String account : welcome.texts().keySet()) {
			if (accounts.find(account) == null) {
				throw new InvalidConfigurationException("wechat.receiver.welcome.texts." + account,
						"names no account of wechat.accounts (" + String.join(", ", accounts.ids()) + ")",
						"Use the account's id, or remove the text.");
			}
		}
	}

}
