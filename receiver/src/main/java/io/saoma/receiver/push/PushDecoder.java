package io.saoma.receiver.push;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.DecryptionException;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.receiver.parse.JsonMessageReader;
import io.saoma.receiver.parse.MalformedPushException;
import io.saoma.receiver.parse.MessageFields;
import io.saoma.receiver.parse.XmlMessageReader;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.OriginalRequest;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;

/**
 * Turns one POST into a verified {@link WechatEvent}, or rejects it: timestamp window, {@code signature} (plaintext)
 * or {@code msg_signature} over {@code Encrypt} (compatible and safe mode), decryption with the current or previous
 * key, then the inner message, in XML or JSON. Plain Java, no I/O, safe to call on an event loop.
 */
public final class PushDecoder {

	private static final Set<String> PROMOTED = Set.of("ToUserName", "FromUserName", "CreateTime", "MsgType", "Event",
			"EventKey", "Ticket", "MsgId", "MsgID");

	private final Clock clock;

	private final long replayWindowSeconds;

	/**
	 * Creates a decoder.
	 * @param clock the clock for the replay window and the receive time
	 * @param replayWindow largest accepted timestamp difference; zero turns the check off
	 */
	public PushDecoder(Clock clock, Duration replayWindow) {
		this.clock = clock;
		this.replayWindowSeconds = replayWindow.toSeconds();
	}

	/**
	 * Verifies and decodes a push.
	 * @param account the account the URL names
	 * @param request the request
	 * @return the event to publish
	 * @throws PushRejectedException if anything does not check out; nothing must be published then
	 */
	public WechatEvent decode(WechatAccount account, PushRequest request) throws PushRejectedException {
		checkTimestamp(request.timestamp());
		String nonce = require(request.nonce(), "nonce");
		boolean aes = "aes".equalsIgnoreCase(request.encryptType());
		if (!aes && !WechatSignature.matches(request.signature(), account.token(), request.timestamp(), nonce)) {
			throw new PushRejectedException(Outcome.BAD_SIGNATURE, "signature does not match");
		}
		byte[] body = request.body();
		int start = firstNonWhitespace(body);
		MessageFields envelope = readBody(body, start);
		String encrypt = envelope.get("Encrypt");
		if (!aes && encrypt == null) {
			return toEvent(account, request, envelope, new String(body, StandardCharsets.UTF_8), format(body[start]),
					EncryptionMode.PLAINTEXT);
		}
		if (encrypt == null || encrypt.isEmpty()) {
			throw new PushRejectedException(Outcome.MALFORMED, "encrypt_type=aes but the body has no Encrypt field");
		}
		if (!WechatSignature.matches(request.msgSignature(), account.token(), request.timestamp(), nonce, encrypt)) {
			throw new PushRejectedException(Outcome.BAD_SIGNATURE,
					(request.msgSignature() == null) ? "msg_signature is missing" : "msg_signature does not match");
		}
		String inner = decrypt(account, encrypt);
		EncryptionMode mode = envelope.hasFieldsOtherThan("ToUserName", "Encrypt") ? EncryptionMode.COMPATIBLE
				: EncryptionMode.SAFE;
		return toEvent(account, request, readInner(inner), inner, format(inner), mode);
	}

	private void checkTimestamp(String timestamp) throws PushRejectedException {
		long seconds;
		try {
			seconds = Long.parseLong(require(timestamp, "timestamp"));
		}
		catch (NumberFormatException ex) {
			throw new PushRejectedException(Outcome.MALFORMED, "timestamp is not a number");
		}
		if (this.replayWindowSeconds > 0
				&& Math.abs(this.clock.millis() / 1000 - seconds) > this.replayWindowSeconds) {
			throw new PushRejectedException(Outcome.REPLAYED,
					"timestamp is more than " + this.replayWindowSeconds + " s away from server time");
		}
	}

	private static String decrypt(WechatAccount account, String encrypt) throws PushRejectedException {
		if (account.aesKey() == null) {
			throw new PushRejectedException(Outcome.DECRYPT_FAILED,
					"encrypted push but no encoding-aes-key is configured for this account");
		}
		try {
			return MessageCipher.decrypt(encrypt, account.aesKey(), account.appId());
		}
		catch (DecryptionException current) {
			AesKey previous = account.previousAesKey();
			if (previous != null && current.reason() != DecryptionException.Reason.BAD_BASE64
					&& current.reason() != DecryptionException.Reason.BAD_CIPHERTEXT_LENGTH) {
				try {
					return MessageCipher.decrypt(encrypt, previous, account.appId());
				}
				catch (DecryptionException ignored) {
					// report the failure with the current key
				}
			}
			throw new PushRejectedException(Outcome.DECRYPT_FAILED, current.getMessage());
		}
	}

	private static MessageFields readBody(byte[] body, int start) throws PushRejectedException {
		try {
			return switch (body[start]) {
				case '<' -> XmlMessageReader.read(new ByteArrayInputStream(body));
				case '{' -> JsonMessageReader.read(body, start, body.length - start);
				default -> throw new MalformedPushException("body is neither XML nor JSON");
			};
		}
		catch (MalformedPushException ex) {
			throw new PushRejectedException(Outcome.MALFORMED, ex.getMessage());
		}
	}

	private static MessageFields readInner(String inner) throws PushRejectedException {
		try {
			return switch (format(inner)) {
				case XML -> XmlMessageReader.read(new StringReader(inner));
				case JSON -> JsonMessageReader.read(inner);
				default -> throw new MalformedPushException("decrypted message is neither XML nor JSON");
			};
		}
		catch (MalformedPushException ex) {
			throw new PushRejectedException(Outcome.MALFORMED, "decrypted message: " + ex.getMessage());
		}
	}

	private WechatEvent toEvent(WechatAccount account, PushRequest request, MessageFields message, String payload,
			PayloadFormat format, EncryptionMode mode) throws PushRejectedException {
		String msgId = message.get("MsgId");
		Map<String, String> others = new HashMap<>();
		message.asMap().forEach((name, value) -> {
			if (!PROMOTED.contains(name)) {
				others.put(name, value);
			}
		});
		long receivedAt = request.receivedAt().toEpochMilli();
		return new WechatEvent(EventIds.next(receivedAt).toString(), account.id(), account.appId(),
				required(message, "ToUserName"), required(message, "FromUserName"), createTime(message),
				required(message, "MsgType"), message.get("Event"), message.get("EventKey"), message.get("Ticket"),
				(msgId != null) ? msgId : message.get("MsgID"), others, payload, format, request.receivedAt(), mode,
				new OriginalRequest((request.rawQuery() != null) ? request.rawQuery() : "", request.contentType(),
						ByteBuffer.wrap(request.body())));
	}

	private static long createTime(MessageFields message) throws PushRejectedException {
		try {
			return Long.parseLong(required(message, "CreateTime").trim());
		}
		catch (NumberFormatException ex) {
			throw new PushRejectedException(Outcome.MALFORMED, "CreateTime is not a number");
		}
	}

	private static String required(MessageFields message, String name) throws PushRejectedException {
		String value = message.get(name);
		if (value == null || value.isEmpty()) {
			throw new PushRejectedException(Outcome.MALFORMED, "message has no " + name);
		}
		return value;
	}

	private static String require(String parameter, String name) throws PushRejectedException {
		if (parameter == null || parameter.isEmpty()) {
			throw new PushRejectedException(Outcome.MALFORMED, "query parameter " + name + " is missing");
		}
		return parameter;
	}

	private static int firstNonWhitespace(byte[] body) throws PushRejectedException {
		for (int i = 0; i < body.length; i++) {
			byte b = body[i];
			if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
				return i;
			}
		}
		throw new PushRejectedException(Outcome.MALFORMED, "body is empty");
	}

	private static PayloadFormat format(byte first) {
		return switch (first) {
			case '<' -> PayloadFormat.XML;
			case '{' -> PayloadFormat.JSON;
			default -> PayloadFormat.UNKNOWN;
		};
	}

	private static PayloadFormat format(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!Character.isWhitespace(c)) {
				return format((byte) c);
			}
		}
		return PayloadFormat.UNKNOWN;
	}

}
