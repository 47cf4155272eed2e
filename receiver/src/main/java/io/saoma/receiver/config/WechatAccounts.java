package io.saoma.receiver.config;

import io.saoma.common.InvalidConfigurationException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.saoma.common.config.WechatAccountsProperties;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.schemas.event.EncryptionMode;

/**
 * The configured accounts ({@link WechatAccountsProperties}), validated once at start-up
 * for what the receiver needs (app id, token, keys, encryption mode) so that a typo stops
 * the application with a message naming the property, never its value, instead of failing
 * pushes later. Binding has checked the account ids.
 */
public final class WechatAccounts {

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{3,32}");

	private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private final Map<String, WechatAccount> accounts;

	private WechatAccounts(Map<String, WechatAccount> accounts) {
		this.accounts = Map.copyOf(accounts);
	}

	/**
	 * Validates the configuration.
	 * @param properties the bound properties
	 * @return the accounts
	 * @throws InvalidConfigurationException naming the first invalid property
	 */
	public static WechatAccounts from(WechatAccountsProperties properties) {
		if (properties.accounts().isEmpty()) {
			throw new InvalidConfigurationException("wechat.accounts", "is empty",
					"Configure at least one account: wechat.accounts.<account>.app-id, .token and .encoding-aes-key.");
		}
		Map<String, WechatAccount> accounts = new LinkedHashMap<>();
		properties.accounts().forEach((id, account) -> accounts.put(id, validate(id, account)));
		return new WechatAccounts(accounts);
	}

	private static WechatAccount validate(String id, WechatAccountsProperties.Account account) {
		String prefix = "wechat.accounts." + id;
		if (account.appId() == null || !APP_ID.matcher(account.appId()).matches()) {
			throw new InvalidConfigurationException(prefix + ".app-id", "is missing or invalid",
					"Set it to the account's AppID (wx...) from the WeChat console.");
		}
		if (account.token() == null || !TOKEN.matcher(account.token()).matches()) {
			throw new InvalidConfigurationException(prefix + ".token",
					(account.token() == null) ? "is missing" : "must be 3 to 32 letters or digits",
					"Set it to the Token entered in the WeChat console's server configuration.");
		}
		AesKey key = aesKey(prefix + ".encoding-aes-key", account.encodingAesKey());
		AesKey previous = aesKey(prefix + ".previous-encoding-aes-key", account.previousEncodingAesKey());
		EncryptionMode mode = encryptionMode(prefix + ".encryption-mode", account.encryptionMode(), key != null);
		if (mode != EncryptionMode.PLAINTEXT && key == null) {
			throw new InvalidConfigurationException(prefix + ".encoding-aes-key",
					"is missing but " + prefix + ".encryption-mode is " + mode.name().toLowerCase(Locale.ROOT),
					"Set it to the 43-character EncodingAESKey from the WeChat console's server configuration, or set "
							+ prefix + ".encryption-mode=plaintext if the console is in plaintext mode.");
		}
		if (previous != null && key == null) {
			throw new InvalidConfigurationException(prefix + ".previous-encoding-aes-key",
					"is set but " + prefix + ".encoding-aes-key is not",
					"Set encoding-aes-key to the current EncodingAESKey; previous-encoding-aes-key only keeps the key before a rotation working.");
		}
		return new WechatAccount(id, account.appId(), account.token(), key, previous, mode);
	}

	private static EncryptionMode encryptionMode(String property, String value, boolean hasKey) {
		if (value == null || value.isBlank()) {
			return WechatAccount.defaultMode(hasKey);
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "plaintext" -> EncryptionMode.PLAINTEXT;
			case "compatible" -> EncryptionMode.COMPATIBLE;
			case "safe" -> EncryptionMode.SAFE;
			default -> throw new InvalidConfigurationException(property, "must be plaintext, compatible or safe",
					"Set it to the message encryption mode (消息加解密方式) of the WeChat console's server configuration,"
							+ " or remove it: safe when an encoding-aes-key is set, plaintext otherwise.");
		};
	}

	private static AesKey aesKey(String property, String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return AesKey.decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException(property, ex.getMessage(),
					"Copy the 43-character EncodingAESKey from the WeChat console's server configuration.");
		}
	}

	/**
	 * Finds an account.
	 * @param id the account id from the URL
	 * @return the account, or {@code null} if none is configured under that id
	 */
	public WechatAccount find(String id) {
		return this.accounts.get(id);
	}

	/**
	 * The configured account ids.
	 * @return the ids
	 */
	public Set<String> ids() {
		return this.accounts.keySet();
	}

}
