package io.saoma.loginprocessor.topology;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * One-time login codes: {@code <loginId>.<192 random bits>}. The loginId part lets any instance route a redemption
 * to the one that owns the login; the random part makes the code unguessable.
 */
public final class LoginCodes {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private LoginCodes() {
	}

	/**
	 * Makes a code for a login.
	 * @param loginId the login
	 * @return a fresh code
	 */
	public static String next(String loginId) {
		byte[] secret = new byte[24];
		RANDOM.nextBytes(secret);
		return loginId + "." + ENCODER.encodeToString(secret);
	}

	/**
	 * The login a code belongs to.
	 * @param code a code
	 * @return its loginId, or {@code null} if it is not shaped like a code
	 */
	public static String loginIdOf(String code) {
		int dot = (code != null) ? code.indexOf('.') : -1;
		return (dot > 0) ? code.substring(0, dot) : null;
	}

}
