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

	/** Largest frame decrypted into the per-thread buffer; a larger one gets its own. */
	private static final int BUFFER_BYTES = 16 * 1024;

	private static final ThreadLocal<Aes> AES = ThreadLocal.withInitial(Aes::new);

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
		return decrypt(ciphertext, key, appId);
	}

	/**
	 * Decrypts an {@code Encrypt} value already decoded from Base64.
	 * @param ciphertext the decoded value, a heap buffer (read, not modified: it can be
	 * decrypted again with another key)
	 * @param key the account's AES key
	 * @param appId the AppID the frame must end with
	 * @return the inner message
	 * @throws DecryptionException if any check fails
	 */
	public static String decrypt(ByteBuffer ciphertext, AesKey key, String appId) throws DecryptionException {
		int ciphertextLength = ciphertext.remaining();
		if (ciphertextLength == 0 || ciphertextLength % BLOCK != 0) {
			throw new DecryptionException(Reason.BAD_CIPHERTEXT_LENGTH,
					"ciphertext is " + ciphertextLength + " bytes, not a positive multiple of " + BLOCK);
		}
		byte[] frame = (ciphertextLength <= BUFFER_BYTES) ? AES.get().buffer : new byte[ciphertextLength];
		crypt(Cipher.DECRYPT_MODE, key, ciphertext.array(), ciphertext.arrayOffset() + ciphertext.position(),
				ciphertextLength, frame);
		int unpadded = ciphertextLength - padding(frame, ciphertextLength);
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
			byte[] encrypted = new byte[plain.length];
			crypt(Cipher.ENCRYPT_MODE, key, plain, 0, plain.length, encrypted);
			return Base64.getEncoder().encodeToString(encrypted);
		}
		catch (DecryptionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The PKCS#7 padding length of {@code frame[0, length)}. */
	private static int padding(byte[] frame, int length) throws DecryptionException {
		int pad = frame[length - 1] & 0xFF;
		if (pad < 1 || pad > BLOCK) {
			throw new DecryptionException(Reason.BAD_PADDING, "padding is not PKCS#7 over 32-byte blocks");
		}
		for (int i = length - pad; i < length; i++) {
			if ((frame[i] & 0xFF) != pad) {
				throw new DecryptionException(Reason.BAD_PADDING, "padding is not PKCS#7 over 32-byte blocks");
			}
		}
		return pad;
	}

	/** AES-CBC of {@code input[offset, offset + length)} into {@code output} from 0. */
	private static void crypt(int mode, AesKey key, byte[] input, int offset, int length, byte[] output)
			throws DecryptionException {
		Aes aes = AES.get();
		try {
			aes.init(mode, key);
			aes.cipher.doFinal(input, offset, length, output, 0);
		}
		catch (GeneralSecurityException ex) {
			aes.forget();
			throw new DecryptionException(Reason.BAD_CIPHERTEXT_LENGTH, "AES failed: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * A thread's cipher and frame buffer. The cipher is initialised again only for
	 * another key or direction: {@code doFinal} leaves it as the last {@code init} did
	 * (same key, same IV), so the next message with the same key needs no new key
	 * schedule.
	 */
	private static final class Aes {

		private final Cipher cipher;

		private final byte[] buffer = new byte[BUFFER_BYTES];

		private AesKey key;

		private int mode;

		Aes() {
			try {
				this.cipher = Cipher.getInstance("AES/CBC/NoPadding");
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("AES/CBC/NoPadding is required by every Java platform", ex);
			}
		}

		void init(int mode, AesKey key) throws GeneralSecurityException {
			if (key != this.key || mode != this.mode) {
				forget();
				this.cipher.init(mode, key.key(), key.iv());
				this.key = key;
				this.mode = mode;
			}
		}

		/** After a failure: the next use initialises again. */
		void forget() {
			this.key = null;
		}

	}

}
