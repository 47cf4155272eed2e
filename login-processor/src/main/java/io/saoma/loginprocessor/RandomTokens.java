package io.saoma.loginprocessor;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Unguessable tokens: random bytes from one {@link SecureRandom}, written URL-safe
 * (Base64url without padding), for login ids, scenes, one-time codes and the simulator's
 * tokens and openids.
 */
public final class RandomTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

	private RandomTokens() {
	}

	/**
	 * A token of random bits.
	 * @param bytes how many random bytes (a token of n bytes has 8n bits and
	 * {@code ceil(4n/3)} characters)
	 * @return the token, of A-Z, a-z, 0-9, {@code -} and {@code _}
	 */
	public static String urlSafe(int bytes) {
		return URL_SAFE.encodeToString(bytes(bytes));
	}

	/**
	 * Random bytes.
	 * @param count how many
	 * @return fresh bytes
	 */
	public static byte[] bytes(int count) {
		byte[] bytes = new byte[count];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
