package io.saoma.receiver.push;

import java.time.Instant;

/**
 * One POST from the WeChat platform, as received.
 *
 * @param signature the {@code signature} query parameter
 * @param timestamp the {@code timestamp} query parameter
 * @param nonce the {@code nonce} query parameter
 * @param encryptType the {@code encrypt_type} query parameter ({@code aes} in compatible
 * and safe mode)
 * @param msgSignature the {@code msg_signature} query parameter
 * @param rawQuery the query string exactly as received
 * @param contentType the {@code Content-Type} header
 * @param body the body, byte for byte
 * @param receivedAt when it arrived
 */
public record PushRequest(String signature, String timestamp, String nonce, String encryptType, String msgSignature,
		String rawQuery, String contentType, byte[] body, Instant receivedAt) {

}
