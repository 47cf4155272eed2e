package io.saoma.receiver.config;

import io.saoma.receiver.crypto.AesKey;
import io.saoma.schemas.event.EncryptionMode;

/**
 * One validated account, ready for use: keys already decoded.
 *
 * @param id the account id
 * @param appId the AppID
 * @param token the server Token
 * @param aesKey the current key, or {@code null} if the account only uses plaintext mode
 * @param previousAesKey the key before the last rotation, or {@code null}
 * @param encryptionMode the weakest mode a push may come in: {@code SAFE} accepts only
 * {@code ToUserName} + {@code Encrypt} envelopes, {@code COMPATIBLE} also envelopes with
 * clear fields, {@code PLAINTEXT} also plaintext pushes (whose body no signature covers);
 * {@code COMPATIBLE} and {@code SAFE} need an {@code aesKey}
 */
public record WechatAccount(String id, String appId, String token, AesKey aesKey, AesKey previousAesKey,
		EncryptionMode encryptionMode) {

	public WechatAccount {
		if (encryptionMode == null) {
			throw new IllegalArgumentException("encryptionMode is required");
		}
		if (aesKey == null && encryptionMode != EncryptionMode.PLAINTEXT) {
			throw new IllegalArgumentException(encryptionMode + " mode needs an AES key");
		}
	}

	/**
	 * An account in the default mode for its keys: {@code SAFE} with a key,
	 * {@code PLAINTEXT} without.
	 * @param id the account id
	 * @param appId the AppID
	 * @param token the server Token
	 * @param aesKey the current key, or {@code null}
	 * @param previousAesKey the key before the last rotation, or {@code null}
	 */
	public WechatAccount(String id, String appId, String token, AesKey aesKey, AesKey previousAesKey) {
		this(id, appId, token, aesKey, previousAesKey, defaultMode(aesKey != null));
	}

	/**
	 * The mode an account is in when {@code encryption-mode} is not set.
	 * @param hasKey whether an EncodingAESKey is configured
	 * @return {@code SAFE} with a key, {@code PLAINTEXT} without
	 */
	public static EncryptionMode defaultMode(boolean hasKey) {
		return hasKey ? EncryptionMode.SAFE : EncryptionMode.PLAINTEXT;
	}

	@Override
	public String toString() {
		return "WechatAccount[id=" + this.id + ", appId=" + this.appId + ", encryptionMode=" + this.encryptionMode
				+ "]";
	}

}
