package io.saoma.receiver.crypto;

import java.util.Arrays;

import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An account's 32-byte AES key, decoded from its 43-character EncodingAESKey. The
 * decoding is lenient about the discarded low bits of the last character (the official
 * test key ends in {@code G}), which strict Base64 decoders reject. Never prints the key.
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
		return new AesKey(decodeLenient(encodingAesKey));
	}

	/**
	 * Base64-decodes 43 characters into 32 bytes, ignoring the two discarded bits of the
	 * last character.
	 */
	private static byte[] decodeLenient(String chars) {
		byte[] out = new byte[32];
		int buffer = 0;
		int bits = 0;
		int index = 0;
		for (int i = 0; i < chars.length(); i++) {
			buffer = (buffer << 6) | sextet(chars.charAt(i));
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[index++] = (byte) (buffer >> bits);
				buffer &= (1 << bits) - 1;
			}
		}
		return out;
	}

	private static int sextet(char c) {
		if (c >= 'A' && c <= 'Z') {
			return c - 'A';
		}
		if (c >= 'a' && c <= 'z') {
			return c - 'a' + 26;
		}
		return c - '0' + 52;
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
