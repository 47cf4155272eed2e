package io.saoma.loginprocessor.confirm;

import java.util.Set;

import io.saoma.common.InvalidConfigurationException;

/**
 * Refuses a confirmation text for an account the login processor does not serve (a typo
 * in the account id would otherwise leave its users without a confirmation, silently),
 * and a text WeChat would refuse.
 */
public final class ConfirmationChecks {

	/** WeChat's limit of a customer-service text is 2,048 bytes; this leaves room. */
	static final int MAX_TEXT_LENGTH = 600;

	private ConfirmationChecks() {
	}

	/**
	 * Checks the texts against the accounts.
	 * @param properties {@code login.confirmation.*}
	 * @param accounts the ids of {@code wechat.accounts}
	 * @throws InvalidConfigurationException naming the first invalid property
	 */
	public static void check(ConfirmationProperties properties, Set<String> accounts) {
		properties.accounts().forEach((account, confirmation) -> {
			if (!accounts.contains(account)) {
				throw new InvalidConfigurationException("login.confirmation.accounts." + account,
						"names no account of wechat.accounts (" + String.join(", ", accounts) + ")",
						"Use the account's id, or remove the text.");
			}
			if (confirmation.enabled() && (confirmation.text() == null || confirmation.text().isBlank())) {
				throw new InvalidConfigurationException("login.confirmation.accounts." + account + ".text",
						"is missing", "Set the message to send, or remove the account from login.confirmation.");
			}
			if (confirmation.text() != null && confirmation.text().length() > MAX_TEXT_LENGTH) {
				throw new InvalidConfigurationException("login.confirmation.accounts." + account + ".text",
						"is longer than " + MAX_TEXT_LENGTH + " characters",
						"WeChat refuses a customer-service text over 2,048 bytes; shorten it.");
			}
		});
	}

}
