package io.saoma.common.config;

import java.util.regex.Pattern;

import io.saoma.common.InvalidConfigurationException;

/**
 * The one rule for an account id, the key under {@code wechat.accounts} and
 * {@code forwarder.accounts}: 1 to 64 letters, digits, {@code -} or {@code _}, starting
 * with a letter or digit. An id is a path segment of the receiver's server URL
 * ({@code /wechat/<account>}) and part of the name of the forwarder's waiting topic, so
 * it must suit both.
 */
public final class AccountIds {

	private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	private AccountIds() {
	}

	/**
	 * Whether an id follows the rule.
	 * @param id the id
	 * @return {@code true} if it does
	 */
	public static boolean isValid(String id) {
		return id != null && ACCOUNT_ID.matcher(id).matches();
	}

	/**
	 * Refuses an id that does not follow the rule.
	 * @param prefix the map's property, such as {@code wechat.accounts}
	 * @param id the id
	 * @throws InvalidConfigurationException naming {@code <prefix>.<id>}
	 */
	public static void check(String prefix, String id) {
		if (!isValid(id)) {
			throw new InvalidConfigurationException(prefix + "." + id, "has an invalid account id",
					"Account ids are 1 to 64 letters, digits, '-' or '_', starting with a letter or digit; they appear"
							+ " in the receiver's server URL /wechat/<account> and in the forwarder's topic names.");
		}
	}

}
