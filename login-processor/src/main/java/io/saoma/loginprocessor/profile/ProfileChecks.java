package io.saoma.loginprocessor.profile;

import java.util.Collection;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.loginprocessor.config.ProfileProperties;

/**
 * Refuses a profile opt-in for an account the login processor does not serve (a typo in
 * the account id would otherwise leave its redemptions without the unionid, silently).
 */
public final class ProfileChecks {

	private ProfileChecks() {
	}

	/**
	 * Checks the opted-in accounts against the configured ones.
	 * @param profile {@code login.profile.*}
	 * @param accounts the ids of {@code wechat.accounts}
	 * @throws InvalidConfigurationException if an opted-in account is not configured
	 */
	public static void check(ProfileProperties profile, Collection<String> accounts) {
		for (String account : profile.accounts()) {
			if (!accounts.contains(account)) {
				throw new InvalidConfigurationException("login.profile.accounts",
						"names '" + account + "', no account of wechat.accounts (" + String.join(", ", accounts) + ")",
						"Use the account's id, or remove it.");
			}
		}
	}

}
