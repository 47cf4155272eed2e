package io.saoma.receiver.push;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.DecryptionException;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.StrictUtf8;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.receiver.parse.EnvelopeScanner;
import io.saoma.receiver.parse.JsonMessageReader;
import io.saoma.receiver.parse.MalformedPushException;
import io.saoma.receiver.parse.MessageFields;
import io.saoma.receiver.parse.SafeEnvelope;
import io.saoma.receiver.parse.XmlMessageReader;
import io.saoma.schemas.CreateTimes;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.OriginalRequest;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;

/**
 * Turns one POST into a verified {@link WechatEvent}, or rejects it. Nothing a request
 * sends is parsed before it is authenticated: a plaintext push's {@code signature} over
 * (token, timestamp, nonce) is checked first; for an encrypted push
 * ({@code encrypt_type=aes}) a linear scan finds {@code Encrypt} and
 * {@code msg_signature} over it is checked; only then the timestamp window (so that only
 * authenticated requests can cause a "clock is off" answer), the full (bounded) parse,
 * decryption with the current or previous key, and the inner message, in XML or JSON.
 * <p>
 * Each account has a weakest accepted mode ({@link WechatAccount#encryptionMode()}): a
 * push in a weaker one is refused as {@link Outcome#BAD_SIGNATURE}, because its body is
 * not covered by any signature (a plaintext body) or partly not (the clear fields of a
 * compatible-mode envelope). Plaintext pushes whose (timestamp, nonce) was seen with
 * another body are refused as {@link Outcome#REPLAYED} ({@link SeenNonces}). Bodies and
 * decrypted messages must be UTF-8 (strictly; a leading byte order mark is skipped). A
 * {@code CreateTime} that is not a time, outside {@code [0, 10^11)} Unix seconds
 * ({@link CreateTimes}), is {@link Outcome#MALFORMED}: consumers turn it into epoch
 * millis, which a larger value overflows. Plain Java, no I/O, safe to call on an event
 * loop.
 */
public final class PushDecoder {

	/**
	 * The one answer to the client for every decryption failure: which check failed goes
	 * only to the log.
	 */
	public static final String CANNOT_DECRYPT = "cannot decrypt the message";

	/** Default number of plaintext (timestamp, nonce) pairs remembered. */
	public static final int DEFAULT_SEEN_NONCES = 50_000;

	private static final Set<String> PROMOTED = Set.of("ToUserName", "FromUserName", "CreateTime", "MsgType", "Event",
			"EventKey", "Ticket", "MsgId", "MsgID");

	private final Clock clock;

	private final long replayWindowSeconds;

	private final SeenNonces seenNonces;

	/**
	 * Creates a decoder that remembers {@value #DEFAULT_SEEN_NONCES} plaintext
	 * (timestamp, nonce) pairs.
	 * @param clock the clock for the replay window and the receive time
	 * @param replayWindow largest accepted timestamp difference; zero turns the check off
	 */
	public PushDecoder(Clock clock, Duration replayWindow) {
		this(clock, replayWindow, DEFAULT_SEEN_NONCES);
	}

	/**
	 * Creates a decoder.
	 * @param clock the clock for the replay window and the receive time
	 * @param replayWindow largest accepted timestamp difference; zero turns the check off
	 * @param seenNonces how many plaintext (timestamp, nonce) pairs to remember, each for
	 * twice the replay window (a timestamp is accepted from {@code window} before to
	 * {@code window} after the server time)
	 */
	public PushDecoder(Clock clock, Duration replayWindow, int seenNonces) {
		this.clock = clock;
		this.replayWindowSeconds = replayWindow.toSeconds();
		this.seenNonces = new SeenNonces(seenNonces, replayWindow.multipliedBy(2));
	}

	/**
	 * Verifies and decodes a push.
	 * @param account the account the URL names
	 * @param request the request
	 * @return the event to publish
	 * @throws PushRejectedException if anything does not check out; nothing must be
	 * published then
	 */
	public WechatEvent decode(WechatAccount account, PushRequest request) throws PushRejectedException {
		String timestamp = require(request.timestamp(), "timestamp");
		String nonce = require(request.nonce(), "nonce");
		long seconds = seconds(timestamp);
		if ("aes".equalsIgnoreCase(request.encryptType())) {
			return decodeEncrypted(account, request, seconds);
		}
		return decodePlaintext(account, request, seconds);
	}

	private WechatEvent decodePlaintext(WechatAccount account, PushRequest request, long seconds)
			throws PushRejectedException {
		boolean signed = request.signature() != null
				&& WechatSignature.matches(request.signature(), account.token(), request.timestamp(), request.nonce());
		if (account.encryptionMode() != EncryptionMode.PLAINTEXT) {
			throw new PushRejectedException(Outcome.BAD_SIGNATURE,
					"this account accepts only encrypted pushes (encrypt_type=aes with msg_signature)",
					"plaintext push (no encrypt_type=aes) refused as a downgrade: wechat.accounts." + account.id()
							+ ".encryption-mode is " + mode(account.encryptionMode())
							+ " and signature does not cover the body, so any captured push URL would sign a forged"
							+ " one; signature "
							+ (signed
									? "matches: if the WeChat console was switched to plaintext"
											+ " mode, set encryption-mode=plaintext (and lose that protection)"
									: "does not match either"));
		}
		require(request.signature(), "signature");
		if (!signed) {
			throw new PushRejectedException(Outcome.BAD_SIGNATURE, "signature does not match");
		}
		checkWindow(seconds);
		byte[] body = request.body();
		String text = utf8(body, "body");
		int start = firstNonWhitespace(text);
		MessageFields message = read(text, start, "");
		if (message.get("Encrypt") != null) {
			// an envelope without encrypt_type=aes: only msg_signature can authenticate
			// it
			return decodeEncrypted(account, request, seconds);
		}
		WechatEvent event = toEvent(account, request, message, text, format(text.charAt(start)),
				EncryptionMode.PLAINTEXT);
		if (!this.seenNonces.firstOrSameBody(account.id(), request.timestamp(), request.nonce(), body,
				this.clock.millis())) {
			throw new PushRejectedException(Outcome.REPLAYED, "timestamp and nonce were already used with another body",
					"plaintext push refused: its (timestamp, nonce) came before with another body, i.e. someone re-used"
							+ " the signature of a captured push URL for a body of their own (plaintext mode cannot"
							+ " authenticate bodies; safe mode can)");
		}
		return event;
	}

	private WechatEvent decodeEncrypted(WechatAccount account, PushRequest request, long seconds)
			throws PushRejectedException {
		byte[] body = request.body();
		SafeEnvelope.Encrypt safe = SafeEnvelope.encrypt(body, firstNonWhitespace(body, bomLength(body)));
		if (safe != null) {
			return decodeSafeEnvelope(account, request, seconds, body, safe);
		}
		String text = utf8(body, "body");
		int start = firstNonWhitespace(text);
		String encrypt;
		try {
			encrypt = EnvelopeScanner.encrypt(text, start);
		}
		catch (MalformedPushException ex) {
			throw new PushRejectedException(Outcome.MALFORMED, ex.getMessage());
		}
		if (encrypt == null || encrypt.isEmpty()) {
			throw new PushRejectedException(Outcome.MALFORMED, "encrypt_type=aes but the body has no Encrypt field");
		}
		require(request.msgSignature(), "msg_signature");
		if (!WechatSignature.matches(request.msgSignature(), account.token(), request.timestamp(), request.nonce(),
				encrypt)) {
			throw new PushRejectedException(Outcome.BAD_SIGNATURE, "msg_signature does not match");
		}
		checkWindow(seconds);
		if (account.aesKey() == null) {
			throw new PushRejectedException(Outcome.DECRYPT_FAILED, CANNOT_DECRYPT,
					"encrypted push but no wechat.accounts." + account.id() + ".encoding-aes-key is configured");
		}
		MessageFields envelope = read(text, start, "envelope: ");
		if (!encrypt.equals(envelope.get("Encrypt"))) {
			throw new PushRejectedException(Outcome.MALFORMED, "envelope: Encrypt is not one top-level field");
		}
		EncryptionMode mode = envelope.hasFieldsOtherThan("ToUserName", "Encrypt") ? EncryptionMode.COMPATIBLE
				: EncryptionMode.SAFE;
		if (mode == EncryptionMode.COMPATIBLE && account.encryptionMode() == EncryptionMode.SAFE) {
			throw new PushRejectedException(Outcome.BAD_SIGNATURE,
					"this account accepts only safe-mode envelopes (ToUserName and Encrypt)",
					"compatible-mode envelope refused as a downgrade: wechat.accounts." + account.id()
							+ ".encryption-mode is safe and msg_signature does not cover the clear fields next to"
							+ " Encrypt; if the WeChat console was switched to compatible mode, set"
							+ " encryption-mode=compatible");
		}
		return toEvent(account, request, decrypt(account, encrypt), mode);
	}

	private WechatEvent toEvent(WechatAccount account, PushRequest request, String decrypted, EncryptionMode mode)
			throws PushRejectedException {
		String inner = decrypted;
		if (!inner.isEmpty() && inner.charAt(0) == '\uFEFF') {
			inner = inner.substring(1);
		}
		return toEvent(account, request, readInner(inner), inner, format(inner), mode);
	}

	/**
	 * The fast path for what WeChat sends in safe mode, with the same checks in the same
	 * order as the general path: {@link SafeEnvelope} has recognised the envelope (so it
	 * is ASCII, well-formed, safe mode, and its span is what {@link EnvelopeScanner}
	 * finds), the {@code Encrypt} value is signed from the body's bytes and its
	 * ciphertext, decoded by {@link SafeEnvelope}, decrypted.
	 */
	private WechatEvent decodeSafeEnvelope(WechatAccount account, PushRequest request, long seconds, byte[] body,
			SafeEnvelope.Encrypt encrypt) throws PushRejectedException {
		EnvelopeScanner.Span span = encrypt.span();
		require(request.msgSignature(), "msg_signature");
		if (!WechatSignature.matches(request.msgSignature(), account.token(), request.timestamp(), request.nonce(),
				body, span.from(), span.to())) {
			throw new PushRejectedException(Outcome.BAD_SIGNATURE, "msg_signature does not match");
		}
		checkWindow(seconds);
		if (account.aesKey() == null) {
			throw new PushRejectedException(Outcome.DECRYPT_FAILED, CANNOT_DECRYPT,
					"encrypted push but no wechat.accounts." + account.id() + ".encoding-aes-key is configured");
		}
		String inner = decrypt(account, (key) -> MessageCipher.decrypt(encrypt.ciphertext(), key, account.appId()));
		return toEvent(account, request, inner, EncryptionMode.SAFE);
	}

	private static long seconds(String timestamp) throws PushRejectedException {
		try {
			return Long.parseLong(timestamp);
		}
		catch (NumberFormatException ex) {
			throw new PushRejectedException(Outcome.MALFORMED, "timestamp is not a number");
		}
	}

	private void checkWindow(long seconds) throws PushRejectedException {
		if (this.replayWindowSeconds <= 0) {
			return;
		}
		long now = Math.floorDiv(this.clock.millis(), 1000);
		if (seconds < saturatedAdd(now, -this.replayWindowSeconds)
				|| seconds > saturatedAdd(now, this.replayWindowSeconds)) {
			throw new PushRejectedException(Outcome.REPLAYED,
					"timestamp is more than " + this.replayWindowSeconds + " s away from server time");
		}
	}

	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		if (((a ^ sum) & (b ^ sum)) < 0) {
			return (b > 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
		}
		return sum;
	}

	private static String decrypt(WechatAccount account, String encrypt) throws PushRejectedException {
		return decrypt(account, (key) -> MessageCipher.decrypt(encrypt, key, account.appId()));
	}

	private static String decrypt(WechatAccount account, Decryption decryption) throws PushRejectedException {
		try {
			return decryption.decrypt(account.aesKey());
		}
		catch (DecryptionException current) {
			if (current.reason() == DecryptionException.Reason.INVALID_UTF8) {
				throw new PushRejectedException(Outcome.MALFORMED, "decrypted message is not valid UTF-8");
			}
			AesKey previous = account.previousAesKey();
			String previousFailed = "";
			if (previous != null && current.reason() != DecryptionException.Reason.BAD_BASE64
					&& current.reason() != DecryptionException.Reason.BAD_CIPHERTEXT_LENGTH) {
				try {
					return decryption.decrypt(previous);
				}
				catch (DecryptionException ex) {
					if (ex.reason() == DecryptionException.Reason.INVALID_UTF8) {
						throw new PushRejectedException(Outcome.MALFORMED, "decrypted message is not valid UTF-8");
					}
					previousFailed = "; the previous key failed too (" + ex.reason() + ")";
				}
			}
			throw new PushRejectedException(Outcome.DECRYPT_FAILED, CANNOT_DECRYPT,
					"decryption failed (" + current.reason() + "): " + current.getMessage() + previousFailed);
		}
	}

	private static MessageFields read(String text, int start, String what) throws PushRejectedException {
		try {
			return switch (text.charAt(start)) {
				case '<' -> XmlMessageReader.read(text);
				case '{' -> JsonMessageReader.read(text);
				default -> throw new MalformedPushException("body is neither XML nor JSON");
			};
		}
		catch (MalformedPushException ex) {
			throw new PushRejectedException(Outcome.MALFORMED, what + ex.getMessage());
		}
	}

	private static MessageFields readInner(String inner) throws PushRejectedException {
		try {
			return switch (format(inner)) {
				case XML -> XmlMessageReader.read(inner);
				case JSON -> JsonMessageReader.read(inner);
				default -> throw new MalformedPushException("decrypted message is neither XML nor JSON");
			};
		}
		catch (MalformedPushException ex) {
			throw new PushRejectedException(Outcome.MALFORMED, "decrypted message: " + ex.getMessage());
		}
	}

	/** Strict UTF-8, without a leading byte order mark. */
	private static String utf8(byte[] bytes, String what) throws PushRejectedException {
		int offset = bomLength(bytes);
		String text = StrictUtf8.decode(bytes, offset, bytes.length - offset);
		if (text == null) {
			throw new PushRejectedException(Outcome.MALFORMED, what + " is not valid UTF-8");
		}
		return text;
	}

	private static int bomLength(byte[] bytes) {
		return (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) ? 3
				: 0;
	}

	/** The first byte from {@code from} that is not whitespace, or the length. */
	private static int firstNonWhitespace(byte[] body, int from) {
		int i = from;
		while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
			i++;
		}
		return i;
	}

	private static String mode(EncryptionMode mode) {
		return mode.name().toLowerCase(Locale.ROOT);
	}

	private WechatEvent toEvent(WechatAccount account, PushRequest request, MessageFields message, String payload,
			PayloadFormat format, EncryptionMode mode) throws PushRejectedException {
		String msgId = (message.get("MsgId") != null) ? message.get("MsgId") : message.get("MsgID");
		Map<String, String> others = new HashMap<>();
		message.asMap().forEach((name, value) -> {
			if (!PROMOTED.contains(name)) {
				others.put(name, value);
			}
		});
		long receivedAt = request.receivedAt().toEpochMilli();
		String toUserName = required(message, "ToUserName");
		String fromUserName = required(message, "FromUserName");
		long createTime = createTime(message);
		String msgType = required(message, "MsgType");
		String event = message.get("Event");
		String eventKey = message.get("EventKey");
		return new WechatEvent(EventIds.next(receivedAt).toString(), account.id(), account.appId(), toUserName,
				fromUserName, createTime, msgType, event, eventKey, message.get("Ticket"), msgId, others, payload,
				format, request.receivedAt(), mode,
				new OriginalRequest((request.rawQuery() != null) ? request.rawQuery() : "", request.contentType(),
						ByteBuffer.wrap(request.body())),
				DedupIds.compute(account.appId(), fromUserName, createTime, msgType, event, eventKey, msgId));
	}

	private static long createTime(MessageFields message) throws PushRejectedException {
		long createTime;
		try {
			createTime = Long.parseLong(required(message, "CreateTime").trim());
		}
		catch (NumberFormatException ex) {
			throw new PushRejectedException(Outcome.MALFORMED, "CreateTime is not a number");
		}
		if (!CreateTimes.isUsable(createTime)) {
			throw new PushRejectedException(Outcome.MALFORMED, "CreateTime is not in [0, 10^11) seconds");
		}
		return createTime;
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
			throw new PushRejectedException(Outcome.BAD_SIGNATURE, "query parameter " + name + " is missing");
		}
		return parameter;
	}

	private static int firstNonWhitespace(String body) throws PushRejectedException {
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				return i;
			}
		}
		throw new PushRejectedException(Outcome.MALFORMED, "body is empty");
	}

	private static PayloadFormat format(char first) {
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
				return format(c);
			}
		}
		return PayloadFormat.UNKNOWN;
	}

	/** Decrypts with one key. */
	@FunctionalInterface
	private interface Decryption {

		String decrypt(AesKey key) throws DecryptionException;

	}

}
