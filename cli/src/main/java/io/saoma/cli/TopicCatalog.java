package io.saoma.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginStatus;

/**
 * The topics the tail can decode, from {@link Topics}: the pushes ({@code wechat.events},
 * its fan-out topics and the relay's retry topics, all {@code WechatEvent}), the login
 * outcomes, the login states, the pending tickets and the redemption requests. The
 * dead-letter topics hold bytes that did not decode in the first place, so they are not
 * here.
 */
final class TopicCatalog {

	private static final TopicFormat WECHAT_EVENTS = new TopicFormat(AvroSerdes.wechatEvent(),
			new SchemaVersions("WechatEvent"), (record) -> eventType((WechatEvent) record), "type");

	private static final Map<String, TopicFormat> FORMATS = formats();

	private TopicCatalog() {
	}

	private static Map<String, TopicFormat> formats() {
		Map<String, TopicFormat> formats = new LinkedHashMap<>();
		formats.put(Topics.Names.WECHAT_EVENTS, WECHAT_EVENTS);
		Topics.fanoutTopics().forEach((topic) -> formats.put(topic, WECHAT_EVENTS));
		formats.put(Topics.Names.LOGINS, new TopicFormat(AvroSerdes.loginResult(), new SchemaVersions("LoginResult"),
				(record) -> String.valueOf(((LoginResult) record).getOutcome()), "outcome"));
		formats.put(Topics.Names.LOGIN_STATUS,
				new TopicFormat(AvroSerdes.loginStatus(), new SchemaVersions("LoginStatus"),
						(record) -> String.valueOf(((LoginStatus) record).getState()), "state"));
		formats.put(Topics.Names.QR_TICKETS,
				new TopicFormat(AvroSerdes.qrTicket(), new SchemaVersions("QrTicket"), (record) -> null, "type"));
		formats.put(Topics.Names.LOGIN_REDEMPTIONS, new TopicFormat(AvroSerdes.redemptionRequest(),
				new SchemaVersions("RedemptionRequest"), (record) -> null, "type"));
		return formats;
	}

	/**
	 * The format of a topic.
	 * @param topic the topic's name
	 * @return its format, or empty when the tail cannot decode it
	 */
	static Optional<TopicFormat> find(String topic) {
		TopicFormat format = FORMATS.get(topic);
		if (format == null && topic.startsWith(Topics.Names.WECHAT_EVENTS + Topics.RELAY_RETRY_SUFFIX + "-")) {
			return Optional.of(WECHAT_EVENTS);
		}
		return Optional.ofNullable(format);
	}

	/**
	 * Every topic the tail decodes, for the message about an unknown one.
	 * @return the names
	 */
	static List<String> names() {
		List<String> names = new ArrayList<>(FORMATS.keySet());
		names.add(Topics.Names.WECHAT_EVENTS + Topics.RELAY_RETRY_SUFFIX + "-<n>");
		return names;
	}

	/**
	 * The type of a push as people name it: the Event of {@code MsgType=event}
	 * (subscribe, SCAN, ...), the MsgType of an ordinary message (text, image, ...).
	 * @param event a push
	 * @return its type
	 */
	static String eventType(WechatEvent event) {
		return ("event".equals(event.getMsgType()) && event.getEvent() != null) ? event.getEvent() : event.getMsgType();
	}

}
