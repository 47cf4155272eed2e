package io.saoma.loginprocessor.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import io.saoma.schemas.S256;

/**
 * Proof Key for Code Exchange (RFC 7636), S256 only: the site that starts a login sends
 * {@code codeChallenge = BASE64URL(SHA-256(codeVerifier))} and keeps the verifier; the
 * code can then be redeemed only with the verifier, so whoever reads the code elsewhere
 * (a leaked loginId) cannot use it.
 */
final class Pkce {

	private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

	private Pkce() {
	}

	static boolean isChallenge(String value) {
		return CHALLENGE.matcher(value).matches();
	}

	static boolean isVerifier(String value) {
		return VERIFIER.matcher(value).matches();
	}

	/**
	 * The S256 challenge of a verifier.
	 * @param verifier the verifier
	 * @return BASE64URL(SHA-256(verifier)) without padding
	 */
	static String challengeOf(String verifier) {
		return S256.of(verifier);
	}

	/**
	 * Whether a verifier matches a challenge, in constant time.
	 * @param challenge the challenge the login was started with
	 * @param verifier the verifier given with the code, or {@code null}
	 * @return {@code true} if it matches
	 */
	static boolean matches(String challenge, String verifier) {
		if (verifier == null || !isVerifier(verifier)) {
			return false;
		}
		return MessageDigest.isEqual(challengeOf(verifier).getBytes(StandardCharsets.US_ASCII),
				challenge.getBytes(StandardCharsets.US_ASCII));
	}

}
