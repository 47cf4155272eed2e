package io.saoma.receiver.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;

import io.saoma.receiver.crypto.DecryptionException.Reason;

/**
 * WeChat's message encryption (WXBizMsgCrypt):
 * {@code Base64(AES-256-CBC(key, iv = key[0:16],
 * random(16) || len(4, big-endian) || msg || appid || PKCS#7 padding over 32-byte blocks))}.
 * Decryption checks every bound: the ciphertext length, the padding, the length field and
 * the trailing AppID, then decodes the message as strict UTF-8. Failure messages are for
 * the operator's log: they never contain key material, plaintext or decrypted bytes (not
 * even the padding byte, which would make them a padding oracle); answer the client with
 * one fixed text.
 */
public final class MessageCipher {

	private static final int BLOCK = 32;

	private static final int HEADER = 20;

	private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(() -> {
		try {
			return Cipher.getInstance("AES/CBC/NoPadding");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES/CBC/NoPadding is required by every Java platform", ex);
		}
	});

	private MessageCipher() {
	}

	/**
	 * Decrypts an {@code Encrypt} value.
	 * @param encrypt the Base64 ciphertext exactly as received
	 * @param key the account's AES key
	 * @param appId the AppID the frame must end with
	 * @return the inner message
	 * @throws DecryptionException if any check fails
	 */
	public static String decrypt(String encrypt, AesKey key, String appId) throws DecryptionException {
		// what Base64.Decoder.decode(String) does: a character outside ISO-8859-1 becomes
		// '?', which is not Base64
		byte[] bytes = encrypt.getBytes(StandardCharsets.ISO_8859_1);
		return decrypt(bytes, 0, bytes.length, key, appId);
	}

	/**
	 * Decrypts an {@code Encrypt} value read from a byte array, without copying it first:
	 * the same result as {@link #decrypt(String, AesKey, String)} on its ISO-8859-1 text.
	 * @param encrypt bytes holding the Base64 ciphertext exactly as received
	 * @param from its first byte
	 * @param to one past its last byte
	 * @param key the account's AES key
	 * @param appId the AppID the frame must end with
	 * @return the inner message
	 * @throws DecryptionException if any check fails
	 */
	public static String decrypt(byte[] encrypt, int from, int to, AesKey key, String appId)
			throws DecryptionException {
		ByteBuffer ciphertext;
		try {
			ciphertext = Base64.getDecoder().decode(ByteBuffer.wrap(encrypt, from, to - from));
		}
		catch (IllegalArgumentException ex) {
			throw new DecryptionException(Reason.BAD_BASE64, "Encrypt is not valid Base64");
		}
		int ciphertextLength = ciphertext.remaining();
		if (ciphertextLength == 0 || ciphertextLength % BLOCK != 0) {
			throw new DecryptionException(Reason.BAD_CIPHERTEXT_LENGTH,
					"ciphertext is " + ciphertextLength + " bytes, not a positive multiple of " + BLOCK);
		}
		byte[] frame = crypt(Cipher.DECRYPT_MODE, key, ciphertext.array(),
				ciphertext.arrayOffset() + ciphertext.position(), ciphertextLength);
		int unpadded = frame.length - padding(frame);
		if (unpadded < HEADER) {
			throw new DecryptionException(Reason.BAD_MESSAGE_LENGTH, "frame is shorter than its 20-byte header");
		}
		int length = ByteBuffer.wrap(frame, 16, 4).getInt();
		if (length < 0 || length > unpadded - HEADER) {
			throw new DecryptionException(Reason.BAD_MESSAGE_LENGTH,
					"length field points outside the frame (wrong EncodingAESKey?)");
		}
		int appIdStart = HEADER + length;
		byte[] expected = appId.getBytes(StandardCharsets.UTF_8);
		if (!Arrays.equals(frame, appIdStart, unpadded, expected, 0, expected.length)) {
			throw new DecryptionException(Reason.APPID_MISMATCH, "frame was encrypted for another AppID");
		}
		String message = StrictUtf8.decode(frame, HEADER, length);
		if (message == null) {
			throw new DecryptionException(Reason.INVALID_UTF8, "decrypted message is not valid UTF-8");
		}
		return message;
	}

	/**
	 * Encrypts a message as WeChat does (for the platform simulator and tests: the
	 * receiver answers with {@code success} and never encrypts a reply).
	 * @param random16 the 16 random leading bytes
	 * @param message the message
	 * @param key the account's AES key
	 * @param appId the AppID to append
	 * @return the Base64 {@code Encrypt} value
	 */
	public static String encrypt(byte[] random16, String message, AesKey key, String appId) {
		if (random16.length != 16) {
			throw new IllegalArgumentException("random prefix must be 16 bytes");
		}
		byte[] msg = message.getBytes(StandardCharsets.UTF_8);
		byte[] app = appId.getBytes(StandardCharsets.UTF_8);
		int length = HEADER + msg.length + app.length;
		int pad = BLOCK - (length % BLOCK);
		ByteBuffer frame = ByteBuffer.allocate(length + pad);
		frame.put(random16).putInt(msg.length).put(msg).put(app);
		for (int i = 0; i < pad; i++) {
			frame.put((byte) pad);
		}
		try {
			byte[] plain = frame.array();
			return Base64.getEncoder().encodeToString(crypt(Cipher.ENCRYPT_MODE, key, plain, 0, plain.length));
		}
		catch (DecryptionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int padding(byte[] frame) throws DecryptionException {
		int pad = frame[frame.length - 1] & 0xFF;
		if (pad < 1 || pad > BLOCK) {
			throw new DecryptionException(Reason.BAD_PADDING, "padding is not PKCS#7 over 32-byte blocks");
		}
		for (int i = frame.length - pad; i < frame.length; i++) {
			if ((frame[i] & 0xFF) != pad) {
				throw new DecryptionException(Reason.BAD_PADDING, "padding is not PKCS#7 over 32-byte blocks");
			}
		}
		return pad;
	}

	private static byte[] crypt(int mode, AesKey key, byte[] input, int offset, int length) throws DecryptionException {
		try {
			Cipher cipher = AES.get();
			cipher.init(mode, key.key(), key.iv());
			return cipher.doFinal(input, offset, length);
		}
		catch (GeneralSecurityException ex) {
			throw new DecryptionException(Reason.BAD_CIPHERTEXT_LENGTH, "AES failed: " + ex.getClass().getSimpleName());
		}
	}

}
