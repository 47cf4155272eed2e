package io.saoma.forwarder.fanout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.saoma.testsupport.wechat.ProtocolSamples;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.events.TestEvents;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One push of every event and message type of the protocol document (section 5), plus
 * types WeChat added later, each with the fan-out topic it belongs to; and a byte-exact
 * view of a published record to compare them with.
 */
final class FanoutSamples {

	static final String APP_ID = "wxba5fad812f8e6fb9";

	static final Instant RECEIVED_AT = Instant.parse("2026-11-24T08:00:00Z");

	static final String VIEW_MINIPROGRAM = """
			<xml>
			<ToUserName><![CDATA[toUser]]></ToUserName>
			<FromUserName><![CDATA[FromUser]]></FromUserName>
			<CreateTime>123456789</CreateTime>
			<MsgType><![CDATA[event]]></MsgType>
			<Event><![CDATA[view_miniprogram]]></Event>
			<EventKey><![CDATA[pages/index/index]]></EventKey>
			<MenuId>MENUID</MenuId>
			</xml>""";

	static final String MINIPROGRAMPAGE = """
			<xml>
			<ToUserName><![CDATA[toUser]]></ToUserName>
			<FromUserName><![CDATA[fromUser]]></FromUserName>
			<CreateTime>1482048670</CreateTime>
			<MsgType><![CDATA[miniprogrampage]]></MsgType>
			<MsgId>1234567890123456</MsgId>
			<Title><![CDATA[title]]></Title>
			<AppId><![CDATA[appid]]></AppId>
			<PagePath><![CDATA[path]]></PagePath>
			</xml>""";

	static final String LOCATION_MESSAGE = """
			<xml>
			<ToUserName><![CDATA[toUser]]></ToUserName>
			<FromUserName><![CDATA[fromUser]]></FromUserName>
			<CreateTime>1351776360</CreateTime>
			<MsgType><![CDATA[location]]></MsgType>
			<Location_X>23.134521</Location_X>
			<Location_Y>113.358803</Location_Y>
			<Scale>20</Scale>
			<Label><![CDATA[位置信息]]></Label>
			<MsgId>1234567890123456</MsgId>
			</xml>""";

	private FanoutSamples() {
	}

	/**
	 * One push of each type from one user, in this order.
	 * @param openId the user
	 * @return the pushes with the topic each belongs to
	 */
	static List<Sample> everyType(String openId) {
		return List.of(
				new Sample("wechat.events.subscribe",
						push(openId, "event", ProtocolSamples.SUBSCRIBE).setEvent("subscribe").build()),
				new Sample("wechat.events.subscribe",
						push(openId, "event", ProtocolSamples.SUBSCRIBE_QR).setEvent("subscribe")
							.setEventKey("qrscene_123123")
							.setTicket("TICKET")
							.build()),
				new Sample("wechat.events.scan",
						push(openId, "event", ProtocolSamples.SCAN).setEvent("SCAN")
							.setEventKey("SCENE_VALUE")
							.setTicket("TICKET")
							.build()),
				new Sample("wechat.events.location",
						push(openId, "event", ProtocolSamples.LOCATION).setEvent("LOCATION")
							.setFields(Map.of("Latitude", "23.137466", "Longitude", "113.352425", "Precision",
									"119.385040"))
							.build()),
				new Sample("wechat.events.click",
						push(openId, "event", ProtocolSamples.CLICK).setEvent("CLICK").setEventKey("EVENTKEY").build()),
				new Sample("wechat.events.view",
						push(openId, "event", ProtocolSamples.VIEW).setEvent("VIEW")
							.setEventKey("www.qq.com")
							.setFields(Map.of("MenuId", "MENUID"))
							.build()),
				new Sample("wechat.events.templatesendjobfinish",
						push(openId, "event", ProtocolSamples.TEMPLATESENDJOBFINISH).setEvent("TEMPLATESENDJOBFINISH")
							.setMsgId("200163836")
							.setFields(Map.of("Status", "success"))
							.build()),
				new Sample("wechat.messages.text",
						push(openId, "text", ProtocolSamples.TEXT).setMsgId("1234567890123456")
							.setFields(Map.of("Content", "this is a test", "MsgDataId", "xxxx", "Idx", "xxxx"))
							.build()),
				new Sample("wechat.messages.image",
						push(openId, "image", ProtocolSamples.IMAGE).setMsgId("1234567890123456")
							.setFields(Map.of("PicUrl", "this is a url", "MediaId", "media_id"))
							.build()),
				new Sample("wechat.messages.voice",
						push(openId, "voice", ProtocolSamples.VOICE).setMsgId("1234567890123456")
							.setFields(Map.of("MediaId", "media_id", "Format", "Format", "Recognition", "腾讯微信团队"))
							.build()),
				new Sample("wechat.messages.location",
						push(openId, "location", LOCATION_MESSAGE).setMsgId("1234567890123456")
							.setFields(Map.of("Location_X", "23.134521", "Location_Y", "113.358803", "Scale", "20"))
							.build()),
				new Sample("wechat.events.other",
						push(openId, "event", VIEW_MINIPROGRAM).setEvent("view_miniprogram")
							.setEventKey("pages/index/index")
							.build()),
				new Sample("wechat.events.other",
						push(openId, "miniprogrampage", MINIPROGRAMPAGE).setMsgId("1234567890123456")
							.setFields(Map.of("Title", "title", "AppId", "appid", "PagePath", "path"))
							.build()),
				new Sample("wechat.events.unsubscribe",
						push(openId, "event", ProtocolSamples.UNSUBSCRIBE).setEvent("unsubscribe").build()));
	}

	/**
	 * The first push of {@link #everyType(String)} that belongs to a topic.
	 * @param openId the user
	 * @param topic the fan-out topic
	 * @return the push
	 */
	static Sample firstOf(String openId, String topic) {
		return everyType(openId).stream().filter((sample) -> sample.topic().equals(topic)).findFirst().orElseThrow();
	}

	/**
	 * A push with the fields every push has.
	 * @param openId the user
	 * @param msgType the MsgType
	 * @param payload the XML as received
	 * @return a builder to add the type's fields to
	 */
	static WechatEvent.Builder push(String openId, String msgType, String payload) {
		return WechatEvent.newBuilder(TestEvents.message(msgType)
			.account("main")
			.appId(APP_ID)
			.toUserName("gh_7f083739789a")
			.from(openId)
			.createTime(123456789L)
			.payload(payload)
			.receivedAt(RECEIVED_AT)
			.encryption(EncryptionMode.PLAINTEXT)
			.request("signature=s&timestamp=1&nonce=2", "text/xml", payload)
			.withoutDedupId()
			.build());
	}

	/**
	 * Headers a producer might have set, one of them binary.
	 * @param trace distinguishes the records
	 * @return new headers
	 */
	static Headers headers(String trace) {
		return new RecordHeaders().add("traceparent", trace.getBytes(StandardCharsets.UTF_8))
			.add("binary", new byte[] { 0, (byte) 0xFF, 0x7F });
	}

	/**
	 * A push and the fan-out topic it belongs to.
	 *
	 * @param topic the expected topic
	 * @param event the push
	 */
	record Sample(String topic, WechatEvent event) {

		byte[] key() {
			return EventKeys.of(this.event.getAppId(), this.event.getFromUserName()).getBytes(StandardCharsets.UTF_8);
		}

		byte[] value() {
			return AvroSerdes.wechatEvent().encode(this.event);
		}

	}

	/**
	 * A published record, byte for byte, comparable with {@code equals}.
	 *
	 * @param topic the topic
	 * @param key the key in hex
	 * @param value the value in hex
	 * @param headers every header as {@code name=hex}, in order
	 * @param timestamp the record's timestamp
	 */
	record Published(String topic, String key, String value, List<String> headers, long timestamp) {

		static Published of(String topic, byte[] key, byte[] value, Headers headers, long timestamp) {
			List<String> rendered = new ArrayList<>();
			for (Header header : headers) {
				rendered.add(header.key() + "=" + hex(header.value()));
			}
			return new Published(topic, hex(key), hex(value), rendered, timestamp);
		}

		private static String hex(byte[] bytes) {
			return (bytes != null) ? HexFormat.of().formatHex(bytes) : "null";
		}

	}

}
