package io.saoma.receiver.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * WeChat's request signature: the lowercase hex SHA-1 of the parts sorted as strings (not
 * as numbers) and concatenated. {@code signature} signs (token, timestamp, nonce);
 * {@code msg_signature} adds the {@code Encrypt} value. Comparison is constant-time.
 */
public final class WechatSignature {

	private static final HexFormat HEX = HexFormat.of();

	private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required by every Java platform", ex);
		}
	});

	private WechatSignature() {
	}

	/**
	 * Computes the signature over the given parts.
	 * @param parts the parts, in any order
	 * @return 40 lowercase hex characters
	 */
	public static String compute(String... parts) {
		String[] sorted = parts.clone();
		Arrays.sort(sorted);
		MessageDigest sha1 = SHA1.get();
		for (String part : sorted) {
			sha1.update(part.getBytes(StandardCharsets.UTF_8));
		}
		return HEX.formatHex(sha1.digest());
	}

	/**
	 * Checks a signature received from WeChat in constant time.
	 * @param provided the signature from the query string, may be {@code null}
	 * @param parts the signed parts
	 * @return whether it matches
	 */
	public static boolean matches(String provided, String... parts) {
		if (provided == null) {
			return false;
		}
		byte[] expected = compute(parts).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, provided.getBytes(StandardCharsets.US_ASCII));
	}

}
