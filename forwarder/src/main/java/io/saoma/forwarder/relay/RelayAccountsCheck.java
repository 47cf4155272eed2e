package io.saoma.forwarder.relay;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.forwarder.relay.ForwarderProperties.Format;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the relay's accounts against the receiver's account settings where both are
 * given: an account in plaintext mode (no EncodingAESKey) has no ciphertext, so Authing's
 * demo format cannot carry its pushes.
 */
public final class RelayAccountsCheck {

	private static final Logger logger = LoggerFactory.getLogger(RelayAccountsCheck.class);

	private RelayAccountsCheck() {
	}

	/**
	 * Checks and logs the relay set-up.
	 * @param relay the relay's accounts
	 * @param wechat the accounts ({@code wechat.accounts.*}), as far as configured here
	 * @throws InvalidConfigurationException for a plaintext account with format
	 * authing-demo
	 */
	public static void check(ForwarderProperties relay, WechatAccountsProperties wechat) {
		relay.accounts().forEach((id, account) -> {
			WechatAccountsProperties.Account keys = wechat.accounts().get(id);
			boolean plaintext = keys != null && keys.appId() != null && !keys.hasEncodingAesKey();
			if (plaintext && account.format() == Format.AUTHING_DEMO) {
				throw new InvalidConfigurationException("forwarder.accounts." + id + ".format",
						"must be verbatim: account " + id + " is in plaintext mode (no wechat.accounts." + id
								+ ".encoding-aes-key)",
						"Authing's demo format carries only the ciphertext of safe or compatible mode. Use format"
								+ " verbatim, or switch the account to safe mode in the WeChat console.");
			}
			logger.info("Relaying {} pushes of account {} to {} in format {}", account.events(), id,
					account.endpoint().getHost(), account.format());
		});
	}

}
