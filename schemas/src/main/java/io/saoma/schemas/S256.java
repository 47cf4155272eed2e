package io.saoma.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The S256 transform of RFC 7636 (PKCE, §4.2): {@code BASE64URL(SHA-256(text))} without
 * padding, over the text's UTF-8 bytes. It is both a login's PKCE code challenge (of its
 * verifier, which is ASCII, so UTF-8 and US-ASCII give the same bytes) and the
 * {@code codeHash} a {@code RedemptionRequest} carries instead of the one-time code.
 */
public final class S256 {

	private S256() {
	}

	/**
	 * The S256 transform of a text.
	 * @param text the text
	 * @return 43 characters of base64url
	 */
	public static String of(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
