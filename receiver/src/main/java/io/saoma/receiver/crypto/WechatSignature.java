package io.saoma.receiver.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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

	/**
	 * Checks {@code msg_signature} in constant time, with the {@code Encrypt} value read
	 * from the body's bytes instead of a copy of it: the same result as
	 * {@code matches(provided, token, timestamp, nonce, encrypt)} with {@code encrypt}
	 * the ASCII text of {@code body[from, to)}.
	 * @param provided the signature from the query string, may be {@code null}
	 * @param token the account's token
	 * @param timestamp the timestamp parameter
	 * @param nonce the nonce parameter
	 * @param body bytes holding the {@code Encrypt} value
	 * @param from its first byte
	 * @param to one past its last byte
	 * @return whether it matches
	 * @throws IllegalArgumentException if {@code body[from, to)} is not ASCII
	 */
	public static boolean matches(String provided, String token, String timestamp, String nonce, byte[] body, int from,
			int to) {
		if (provided == null) {
			return false;
		}
		if (!isAscii(body, from, to)) {
			throw new IllegalArgumentException("Encrypt must be ASCII here");
		}
		String[] sorted = { token, timestamp, nonce };
		Arrays.sort(sorted);
		MessageDigest sha1 = SHA1.get();
		boolean encryptDone = false;
		for (String part : sorted) {
			// an ASCII text sorts against any other the same way in UTF-16 (String order)
			// and in UTF-8 bytes, so comparing chars to bytes is exact
			if (!encryptDone && compareAscii(body, from, to, part) <= 0) {
				sha1.update(body, from, to - from);
				encryptDone = true;
			}
			sha1.update(part.getBytes(StandardCharsets.UTF_8));
		}
		if (!encryptDone) {
			sha1.update(body, from, to - from);
		}
		byte[] expected = HEX.formatHex(sha1.digest()).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, provided.getBytes(StandardCharsets.US_ASCII));
	}

	/** Whether {@code bytes[from, to)} is ASCII, eight bytes at a time. */
	static boolean isAscii(byte[] bytes, int from, int to) {
		long highs = 0;
		int i = from;
		for (; i <= to - Long.BYTES; i += Long.BYTES) {
			highs |= (long) LONGS.get(bytes, i);
		}
		for (; i < to; i++) {
			highs |= bytes[i];
		}
		return (highs & 0x8080808080808080L) == 0;
	}

	/** {@code String.compareTo} of the ASCII text {@code bytes[from, to)} and a text. */
	private static int compareAscii(byte[] bytes, int from, int to, String text) {
		int length = to - from;
		int common = Math.min(length, text.length());
		for (int i = 0; i < common; i++) {
			int diff = bytes[from + i] - text.charAt(i);
			if (diff != 0) {
				return diff;
			}
		}
		return length - text.length();
	}

}
