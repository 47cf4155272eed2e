package io.saoma.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginFunnel;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import io.saoma.schemas.login.RedemptionRequest;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic contract: every topic the modules share, as a {@link Topic} that pairs its
 * name with its key and value serdes, so a rename is one change, a typo a compile error,
 * and a topology cannot write one topic with another's serdes. The plain names are in
 * {@link Names}. Keys and values are described next to each topic.
 */
public final class Topics {

	/**
	 * Every verified WeChat push. Key: {@link EventKeys#of(String, String) appId:openid},
	 * so one user's pushes stay in order on one partition. Value: {@code WechatEvent},
	 * Avro single-object encoding ({@link AvroSerdes}).
	 */
	public static final Topic<String, WechatEvent> WECHAT_EVENTS = new Topic<>(Names.WECHAT_EVENTS, Serdes.String(),
			AvroSerdes.wechatEvent());

	/**
	 * Pending login attempts (compacted). Key: the QR ticket. Value: {@code QrTicket}; a
	 * tombstone once the ticket is used or expired. Must have as many partitions as the
	 * login processor's {@code scans-by-ticket} repartition topic, which the login
	 * processor ensures at start-up.
	 */
	public static final Topic<String, QrTicket> QR_TICKETS = new Topic<>(Names.QR_TICKETS, Serdes.String(),
			AvroSerdes.qrTicket());

	/**
	 * Login outcomes for login services: SUCCEEDED, EXPIRED, REJECTED. Key: loginId.
	 * Value: {@code LoginResult}.
	 */
	public static final Topic<String, LoginResult> LOGINS = new Topic<>(Names.LOGINS, Serdes.String(),
			AvroSerdes.loginResult());

	/**
	 * The browser-facing state of every login attempt (compacted): PENDING, then
	 * SUCCEEDED, EXPIRED or REJECTED, then REDEEMED; a tombstone after the retention.
	 * Key: loginId. Value: {@code LoginStatus}.
	 */
	public static final Topic<String, LoginStatus> LOGIN_STATUS = new Topic<>(Names.LOGIN_STATUS, Serdes.String(),
			AvroSerdes.loginStatus());

	/**
	 * Requests to redeem a login's one-time code, from the login API to the Streams task
	 * that owns the login, which decides the one winner in its transaction. Key: loginId.
	 * Value: {@code RedemptionRequest}. Must have as many partitions as
	 * {@link #LOGIN_STATUS} (co-partitioned), which the login processor ensures at
	 * start-up.
	 */
	public static final Topic<String, RedemptionRequest> LOGIN_REDEMPTIONS = new Topic<>(Names.LOGIN_REDEMPTIONS,
			Serdes.String(), AvroSerdes.redemptionRequest());

	/**
	 * The login funnel for analysts (compacted): per account and tumbling window, logins
	 * started, scanned, succeeded, expired, rejected and the time to scan. Key:
	 * {@code <account>/<window size>/<window start ISO-8601>}, e.g.
	 * {@code main/1m/2026-12-01T08:00:00Z}; every update of a window replaces the
	 * previous one. Value: {@code LoginFunnel}. Written by the login processor.
	 */
	public static final Topic<String, LoginFunnel> LOGIN_FUNNEL = new Topic<>(Names.LOGIN_FUNNEL, Serdes.String(),
			AvroSerdes.loginFunnel());

	/**
	 * Records the login processor cannot decode, as they were (key and value bytes), with
	 * headers naming the source and the error.
	 */
	public static final Topic<byte[], byte[]> LOGIN_PROCESSOR_DLT = new Topic<>(Names.LOGIN_PROCESSOR_DLT,
			Serdes.ByteArray(), Serdes.ByteArray());

	/**
	 * Pushes the relay to Authing gave up on (answered 4xx, or failed every retry), as
	 * they were (key and value bytes), with spring-kafka's {@code kafka_original-*} and
	 * {@code kafka_exception-*} headers giving the reason.
	 */
	public static final Topic<byte[], byte[]> RELAY_DLT = new Topic<>(Names.RELAY_DLT, Serdes.ByteArray(),
			Serdes.ByteArray());

	/**
	 * Suffix of the relay's dead-letter topic: {@value Names#RELAY_DLT}.
	 */
	public static final String RELAY_DLT_SUFFIX = ".authing-relay-dlt";

	/**
	 * Suffix of the relay's retry topics: {@code wechat.events.authing-relay-retry-<n>}.
	 */
	public static final String RELAY_RETRY_SUFFIX = ".authing-relay-retry";

	/**
	 * The login confirmations' markers (compacted): one per login the confirmation
	 * consumer of the login processor has dealt with, written before the login's offset
	 * is committed, so that a redelivered login is not confirmed twice. Key: loginId.
	 * Value: {@code sent} or {@code dead-lettered <reason>} (UTF-8 text).
	 */
	public static final Topic<String, String> LOGIN_CONFIRMATIONS = new Topic<>(Names.LOGIN_CONFIRMATIONS,
			Serdes.String(), Serdes.String());

	/**
	 * Suffix of the login confirmations' retry topics:
	 * {@code wechat.logins.login-confirmations-retry-<n>}.
	 */
	public static final String CONFIRMATION_RETRY_SUFFIX = ".login-confirmations-retry";

	/**
	 * Suffix of the login confirmations' dead-letter topic:
	 * {@value Names#CONFIRMATION_DLT}.
	 */
	public static final String CONFIRMATION_DLT_SUFFIX = ".login-confirmations-dlt";

	/**
	 * Records the forwarder's fan-out cannot decode, as they were (key and value bytes).
	 */
	public static final Topic<byte[], byte[]> FORWARDER_DLT = new Topic<>(Names.FORWARDER_DLT, Serdes.ByteArray(),
			Serdes.ByteArray());

	/**
	 * Fan-out topic of events and messages of a type not listed in {@link #FANOUT_EVENTS}
	 * or {@link #FANOUT_MESSAGES}. Same key and value as {@link #WECHAT_EVENTS}.
	 */
	public static final Topic<String, WechatEvent> EVENTS_OTHER = new Topic<>(Names.EVENTS_OTHER, Serdes.String(),
			AvroSerdes.wechatEvent());

	/**
	 * Events ({@code MsgType=event}) fanned out to
	 * {@code wechat.events.<event in lower case>}.
	 */
	public static final List<String> FANOUT_EVENTS = List.of("subscribe", "unsubscribe", "scan", "location", "click",
			"view", "templatesendjobfinish");

	/** Ordinary messages fanned out to {@code wechat.messages.<MsgType>}. */
	public static final List<String> FANOUT_MESSAGES = List.of("text", "image", "voice", "video", "shortvideo",
			"location", "link");

	/**
	 * Prefix of the JSON mirror's topics ({@link #jsonMirrorTopic}), so that one
	 * {@code topics.regex} ({@code wechat\.json\..*}) reads all of them.
	 */
	public static final String JSON_MIRROR_PREFIX = "wechat.json.";

	private Topics() {
	}

	/**
	 * The fan-out topic of a push: same key and value as {@link #WECHAT_EVENTS}, one
	 * topic per type for analytics.
	 * @param msgType the MsgType
	 * @param event the Event, for {@code MsgType=event}
	 * @return {@code wechat.events.<event>}, {@code wechat.messages.<msgType>} or
	 * {@link Names#EVENTS_OTHER}
	 */
	public static String fanoutTopic(String msgType, String event) {
		if ("event".equals(msgType)) {
			String type = (event != null) ? event.toLowerCase(Locale.ROOT) : "";
			return FANOUT_EVENTS.contains(type) ? "wechat.events." + type : Names.EVENTS_OTHER;
		}
		return FANOUT_MESSAGES.contains(msgType) ? "wechat.messages." + msgType : Names.EVENTS_OTHER;
	}

	/**
	 * Every fan-out topic.
	 * @return the names
	 */
	public static List<String> fanoutTopics() {
		List<String> topics = new ArrayList<>();
		FANOUT_EVENTS.forEach((event) -> topics.add("wechat.events." + event));
		FANOUT_MESSAGES.forEach((type) -> topics.add("wechat.messages." + type));
		topics.add(Names.EVENTS_OTHER);
		return List.copyOf(topics);
	}

	/**
	 * The JSON mirror of a fan-out topic: same key ({@code <appid>:<openid>}, as bytes),
	 * value one UTF-8 JSON object per push in the documented, versioned shape
	 * ({@code docs/json-mirror/wechat-event-v1.schema.json}). The fan-out topic's name
	 * without its {@code wechat.} prefix is kept, so that the event {@code location} and
	 * the message {@code location} stay apart.
	 * @param fanoutTopic one of {@link #fanoutTopics()}
	 * @return {@code wechat.json.events.<event>}, {@code wechat.json.messages.<msgType>}
	 * or {@code wechat.json.events.other}
	 * @throws IllegalArgumentException if it is not a fan-out topic
	 */
	public static String jsonMirrorTopic(String fanoutTopic) {
		if (!fanoutTopics().contains(fanoutTopic)) {
			throw new IllegalArgumentException("Not a fan-out topic: " + fanoutTopic);
		}
		return JSON_MIRROR_PREFIX + fanoutTopic.substring("wechat.".length());
	}

	/**
	 * Every topic of the JSON mirror, one per fan-out topic.
	 * @return the names
	 */
	public static List<String> jsonMirrorTopics() {
		return fanoutTopics().stream().map(Topics::jsonMirrorTopic).toList();
	}

	/**
	 * The topics' names as compile-time constants, for what needs a plain name: an
	 * annotation ({@code @KafkaListener(topics = ...)}), a client, a log line.
	 */
	public static final class Names {

		/** {@link Topics#WECHAT_EVENTS}. */
		public static final String WECHAT_EVENTS = "wechat.events";

		/** {@link Topics#QR_TICKETS}. */
		public static final String QR_TICKETS = "wechat.qr-tickets";

		/** {@link Topics#LOGINS}. */
		public static final String LOGINS = "wechat.logins";

		/** {@link Topics#LOGIN_STATUS}. */
		public static final String LOGIN_STATUS = "wechat.login-status";

		/** {@link Topics#LOGIN_REDEMPTIONS}. */
		public static final String LOGIN_REDEMPTIONS = "wechat.login-redemptions";

		/** {@link Topics#LOGIN_FUNNEL}. */
		public static final String LOGIN_FUNNEL = "wechat.login-funnel";

		/** {@link Topics#LOGIN_PROCESSOR_DLT}. */
		public static final String LOGIN_PROCESSOR_DLT = "wechat.login-processor.dlt";

		/** {@link Topics#RELAY_DLT}. */
		public static final String RELAY_DLT = WECHAT_EVENTS + RELAY_DLT_SUFFIX;

		/** {@link Topics#LOGIN_CONFIRMATIONS}. */
		public static final String LOGIN_CONFIRMATIONS = "wechat.login-confirmations";

		/** The login confirmations' dead-letter topic. */
		public static final String CONFIRMATION_DLT = LOGINS + CONFIRMATION_DLT_SUFFIX;

		/** {@link Topics#FORWARDER_DLT}. */
		public static final String FORWARDER_DLT = "wechat.forwarder.dlt";

		/** {@link Topics#EVENTS_OTHER}. */
		public static final String EVENTS_OTHER = "wechat.events.other";

		private Names() {
		}

	}

}
