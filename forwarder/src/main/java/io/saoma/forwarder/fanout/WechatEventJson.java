package io.saoma.forwarder.fanout;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.saoma.schemas.CreateTimes;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.WechatEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mirror's value: one flat UTF-8 JSON object per push, in the shape documented
 * by {@code docs/json-mirror/wechat-event-v1.schema.json}, so that Kafka Connect's
 * {@code JsonConverter} (schemas off), ksqlDB, Flink SQL's {@code json} format or a plain
 * consumer read it with no Avro and no code of ours. Every field is always present (null
 * when absent) and in the same order, so a reader can rely on the field set; the
 * {@code v} field says which shape it is, and a change that is not only an added field
 * raises it. Times are given twice: as ISO-8601 UTC text with milliseconds, which SQL
 * engines parse as timestamps, and as the epoch number they came from, for arithmetic.
 */
public final class WechatEventJson {

	/** The shape's version, the {@code v} field. */
	public static final int VERSION = 1;

	/** Every field of the shape, in the order they are written. */
	public static final List<String> FIELDS = List.of("v", "eventId", "dedupId", "account", "appId", "toUserName",
			"openId", "msgType", "event", "eventKey", "ticket", "msgId", "createTime", "createTimeSeconds",
			"receivedAt", "receivedAtMillis", "encryption", "payloadFormat", "fields", "payload", "requestQuery",
			"requestContentType", "requestBodyBase64");

	/** ISO-8601 in UTC, always with milliseconds, so every value has the same length. */
	private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/** A mapper of its own: nothing configured elsewhere changes the shape. */
	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private WechatEventJson() {
	}

	/**
	 * Encodes a push in the shape.
	 * @param event the push, decoded with any released schema version
	 * @return the JSON object as UTF-8; writing cannot fail, since a decoded push holds
	 * only text, numbers and a map of text
	 */
	public static byte[] encode(WechatEvent event) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("v", VERSION);
		json.put("eventId", event.getEventId());
		// computed for records written before schema v2, which do not carry it
		json.put("dedupId", DedupIds.of(event));
		json.put("account", event.getAccount());
		json.put("appId", event.getAppId());
		json.put("toUserName", event.getToUserName());
		json.put("openId", event.getFromUserName());
		json.put("msgType", event.getMsgType());
		json.put("event", event.getEvent());
		json.put("eventKey", event.getEventKey());
		json.put("ticket", event.getTicket());
		json.put("msgId", event.getMsgId());
		long createTime = event.getCreateTime();
		json.put("createTime",
				CreateTimes.isUsable(createTime) ? ISO_MILLIS.format(Instant.ofEpochSecond(createTime)) : null);
		json.put("createTimeSeconds", createTime);
		json.put("receivedAt", ISO_MILLIS.format(event.getReceivedAt()));
		json.put("receivedAtMillis", event.getReceivedAt().toEpochMilli());
		json.put("encryption", event.getEncryption().name());
		json.put("payloadFormat", event.getPayloadFormat().name());
		json.put("fields", new TreeMap<>(event.getFields()));
		json.put("payload", event.getPayload());
		json.put("requestQuery", event.getRequest().getRawQuery());
		json.put("requestContentType", event.getRequest().getContentType());
		json.put("requestBodyBase64", base64(event.getRequest().getBody()));
		return MAPPER.writeValueAsBytes(json);
	}

	private static String base64(ByteBuffer body) {
		ByteBuffer copy = body.duplicate();
		byte[] bytes = new byte[copy.remaining()];
		copy.get(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

}
