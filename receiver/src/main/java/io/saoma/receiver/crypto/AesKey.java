package io.saoma.receiver.crypto;

import java.util.Arrays;
import java.util.Base64;

import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An account's 32-byte AES key, decoded from its 43-character EncodingAESKey: the key is
 * Base64 without its one {@code =} of padding, so it is decoded with the JDK's decoder
 * after adding it. The last character carries two bits beyond the 32 bytes, which need
 * not be zero (the official test key ends in {@code G}); the JDK's decoder ignores them.
 * Never prints the key.
 */
public final class AesKey {

	/** Length of an EncodingAESKey as shown in the WeChat console. */
	public static final int ENCODED_LENGTH = 43;

	private final SecretKeySpec key;

	private final IvParameterSpec iv;

	private AesKey(byte[] bytes) {
		this.key = new SecretKeySpec(bytes, "AES");
		this.iv = new IvParameterSpec(Arrays.copyOf(bytes, 16));
	}

	/**
	 * Decodes an EncodingAESKey.
	 * @param encodingAesKey the 43 characters from the console
	 * @return the key
	 * @throws IllegalArgumentException if it is not 43 characters of {@code [A-Za-z0-9]};
	 * the message never contains the key
	 */
	public static AesKey decode(String encodingAesKey) {
		if (encodingAesKey == null || encodingAesKey.length() != ENCODED_LENGTH) {
			throw new IllegalArgumentException("must be " + ENCODED_LENGTH + " characters, was "
					+ ((encodingAesKey != null) ? encodingAesKey.length() : 0));
		}
		for (int i = 0; i < ENCODED_LENGTH; i++) {
			char c = encodingAesKey.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
				throw new IllegalArgumentException(
						"must contain only letters and digits, found another character at position " + (i + 1));
			}
		}
		// 43 characters are 258 bits: the padded form decodes to 32 bytes, and the JDK's
		// decoder ignores the two bits of the last character that fall outside them
		return new AesKey(Base64.getDecoder().decode(encodingAesKey + "="));
	}

	SecretKeySpec key() {
		return this.key;
	}

	IvParameterSpec iv() {
		return this.iv;
	}

	@Override
	public String toString() {
		return "AesKey[******]";
	}

}
