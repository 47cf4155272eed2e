package io.saoma.loginprocessor.wechat;

import io.saoma.common.InvalidConfigurationException;

/**
 * The API credentials of one official account. The AppSecret is kept out of
 * {@link #toString()} so that it cannot reach a log line or an exception message by
 * accident.
 *
 * @param account our id of the account (the key under {@code wechat.accounts})
 * @param appId the AppID
 * @param appSecret the AppSecret (开发者密码)
 */
public record WechatCredentials(String account, String appId, String appSecret) {

	public WechatCredentials {
		if (account == null || account.isBlank()) {
			throw new IllegalArgumentException("account must not be blank");
		}
		if (appId == null || appId.isBlank()) {
			throw new InvalidConfigurationException("wechat.accounts." + account + ".app-id", "is missing",
					"Copy the AppID from the WeChat console (设置与开发 / 基本配置).");
		}
		if (appSecret == null || appSecret.isBlank()) {
			throw new InvalidConfigurationException("wechat.accounts." + account + ".app-secret", "is missing",
					"Copy the AppSecret (开发者密码) from the WeChat console (设置与开发 / 基本配置).");
		}
	}

	@Override
	public String toString() {
		return "WechatCredentials[account=" + this.account + ", appId=" + this.appId + ", appSecret=******]";
	}

}
