package io.saoma.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.saoma.schemas.event.WechatEvent;

/**
 * The {@code dedupId} of a {@link WechatEvent}: what identifies one push across WeChat's
 * retries of it (up to three, same body) and replays within the receiver's replay window,
 * each of which is a new delivery with a new {@code eventId}.
 * <p>
 * Definition (version 1): the lowercase hexadecimal SHA-256 (64 characters) of the
 * concatenation, in this order, of the encodings of AppID, FromUserName, CreateTime,
 * MsgType, Event, EventKey and MsgId, where an absent field ({@code null}) is the single
 * byte {@code 0x00}, and a present one is the byte {@code 0x01}, its length in bytes as a
 * 4-byte big-endian integer, then its UTF-8 bytes. CreateTime is its decimal text
 * ({@code Long.toString}). Every field is length-prefixed, so no value can run into the
 * next, and an absent field differs from an empty one. Values are taken as the event
 * carries them (case and whitespace as sent; MsgId is the message's {@code MsgId} or,
 * failing that, {@code MsgID}); strings are UTF-8 encoded as Avro writes them, so a value
 * read back from a record gives the same id.
 * <p>
 * The receiver sets it on every event; a consumer reading a record written before the
 * field existed recomputes it with {@link #of(WechatEvent)}. Thread-safe.
 */
public final class DedupIds {

	private static final byte ABSENT = 0x00;

	private static final byte PRESENT = 0x01;

	/**
	 * One digest per thread: {@code MessageDigest.getInstance} looks the provider up on
	 * every call, and {@code digest()} resets the instance for the next use.
	 */
	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(DedupIds::sha256);

	private DedupIds() {
	}

	/**
	 * Computes the de-duplication id of a push from its fields.
	 * @param appId AppID of the official account
	 * @param fromUserName FromUserName, the user's openid
	 * @param createTime CreateTime, Unix seconds
	 * @param msgType MsgType
	 * @param event Event, or {@code null} when absent
	 * @param eventKey EventKey, or {@code null} when absent
	 * @param msgId MsgId (or MsgID), or {@code null} when absent
	 * @return 64 lowercase hexadecimal characters
	 */
	public static String compute(String appId, String fromUserName, long createTime, String msgType, String event,
			String eventKey, String msgId) {
		MessageDigest sha256 = SHA_256.get();
		sha256.reset();
		for (String field : new String[] { appId, fromUserName, Long.toString(createTime), msgType, event, eventKey,
				msgId }) {
			if (field == null) {
				sha256.update(ABSENT);
			}
			else {
				byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
				sha256.update(PRESENT);
				sha256.update((byte) (bytes.length >>> 24));
				sha256.update((byte) (bytes.length >>> 16));
				sha256.update((byte) (bytes.length >>> 8));
				sha256.update((byte) bytes.length);
				sha256.update(bytes);
			}
		}
		return HexFormat.of().formatHex(sha256.digest());
	}

	/**
	 * Computes the de-duplication id of a push from the fields of its event, ignoring any
	 * {@code dedupId} it carries.
	 * @param event the event
	 * @return 64 lowercase hexadecimal characters
	 */
	public static String compute(WechatEvent event) {
		return compute(event.getAppId(), event.getFromUserName(), event.getCreateTime(), event.getMsgType(),
				event.getEvent(), event.getEventKey(), event.getMsgId());
	}

	/**
	 * The de-duplication id of an event: the {@code dedupId} it carries, or for a record
	 * written before the field existed, the id {@link #compute(WechatEvent) computed}
	 * from its fields (which is the same).
	 * @param event the event
	 * @return the id
	 */
	public static String of(WechatEvent event) {
		String id = event.getDedupId();
		return (id != null && !id.isEmpty()) ? id : compute(event);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
