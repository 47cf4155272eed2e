package io.saoma.receiver.crypto;

/**
 * A ciphertext that cannot be turned into a message for this account. The message says
 * which check failed, for the operator's log; it never contains key material, plaintext
 * or decrypted bytes. Do not return it to the client: one fixed answer for every reason,
 * so that the answer is no padding oracle.
 */
public class DecryptionException extends Exception {

	private final Reason reason;

	public DecryptionException(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * Which check failed.
	 */
	public enum Reason {

		/** The Encrypt value is not Base64. */
		BAD_BASE64,
		/** The ciphertext is empty or not a multiple of 32 bytes. */
		BAD_CIPHERTEXT_LENGTH,
		/**
		 * The PKCS#7 padding (32-byte blocks) is wrong: usually a wrong EncodingAESKey.
		 */
		BAD_PADDING,
		/** The length field points outside the frame: usually a wrong EncodingAESKey. */
		BAD_MESSAGE_LENGTH,
		/** The frame decrypts but names another AppID. */
		APPID_MISMATCH,
		/**
		 * The frame checks out (padding, length, AppID) but the message is not valid
		 * UTF-8.
		 */
		INVALID_UTF8

	}

}
