package io.saoma.receiver.config;

import io.saoma.receiver.crypto.AesKey;

/**
 * One validated account, ready for use: keys already decoded.
 *
 * @param id the account id
 * @param appId the AppID
 * @param token the server Token
 * @param aesKey the current key, or {@code null} if the account only uses plaintext mode
 * @param previousAesKey the key before the last rotation, or {@code null}
 */
public record WechatAccount(String id, String appId, String token, AesKey aesKey, AesKey previousAesKey) {

	@Override
	public String toString() {
		return "WechatAccount[id=" + this.id + ", appId=" + this.appId + "]";
	}

}
