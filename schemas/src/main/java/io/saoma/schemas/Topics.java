package io.saoma.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The topic contract: every topic name the modules share lives here, so a rename is one
 * change and a typo a compile error. Keys and values are described next to each name.
 */
public final class Topics {

	/**
	 * Every verified WeChat push. Key: {@link EventKeys#of(String, String) appId:openid},
	 * so one user's pushes stay in order on one partition. Value: {@code WechatEvent},
	 * Avro single-object encoding ({@link AvroSerdes}).
	 */
	public static final String WECHAT_EVENTS = "wechat.events";

	/**
	 * Pending login attempts (compacted). Key: the QR ticket. Value: {@code QrTicket}; a
	 * tombstone once the ticket is used or expired. Must have as many partitions as the
	 * login processor's {@code scans-by-ticket} repartition topic, which the login
	 * processor ensures at start-up.
	 */
	public static final String QR_TICKETS = "wechat.qr-tickets";

	/**
	 * Login outcomes for login services: SUCCEEDED, EXPIRED, REJECTED. Key: loginId.
	 * Value: {@code LoginResult}.
	 */
	public static final String LOGINS = "wechat.logins";

	/**
	 * The browser-facing state of every login attempt (compacted): PENDING, then
	 * SUCCEEDED, EXPIRED or REJECTED, then REDEEMED; a tombstone after the retention.
	 * Key: loginId. Value: {@code LoginStatus}.
	 */
	public static final String LOGIN_STATUS = "wechat.login-status";

	/**
	 * Requests to redeem a login's one-time code, from the login API to the Streams task
	 * that owns the login, which decides the one winner in its transaction. Key: loginId.
	 * Value: {@code RedemptionRequest}. Must have as many partitions as
	 * {@link #LOGIN_STATUS} (co-partitioned), which the login processor ensures at
	 * start-up.
	 */
	public static final String LOGIN_REDEMPTIONS = "wechat.login-redemptions";

	/**
	 * Records the login processor cannot decode, as they were, with headers naming the
	 * source and the error.
	 */
	public static final String LOGIN_PROCESSOR_DLT = "wechat.login-processor.dlt";

	/**
	 * Pushes the relay to Authing gave up on (answered 4xx, or failed every retry), as
	 * they were, with spring-kafka's {@code kafka_original-*} and
	 * {@code kafka_exception-*} headers giving the reason.
	 */
	public static final String RELAY_DLT = Topics.WECHAT_EVENTS + Topics.RELAY_DLT_SUFFIX;

	/**
	 * Suffix of the relay's dead-letter topic: {@value #RELAY_DLT}.
	 */
	public static final String RELAY_DLT_SUFFIX = ".authing-relay-dlt";

	/**
	 * Suffix of the relay's retry topics: {@code wechat.events.authing-relay-retry-<n>}.
	 */
	public static final String RELAY_RETRY_SUFFIX = ".authing-relay-retry";

	/** Records the forwarder's fan-out cannot decode, as they were. */
	public static final String FORWARDER_DLT = "wechat.forwarder.dlt";

	/**
	 * Fan-out topic of events and messages of a type not listed in {@link #FANOUT_EVENTS}
	 * or {@link #FANOUT_MESSAGES}.
	 */
	public static final String EVENTS_OTHER = "wechat.events.other";

	/**
	 * Events ({@code MsgType=event}) fanned out to
	 * {@code wechat.events.<event in lower case>}.
	 */
	public static final List<String> FANOUT_EVENTS = List.of("subscribe", "unsubscribe", "scan", "location", "click",
			"view", "templatesendjobfinish");

	/** Ordinary messages fanned out to {@code wechat.messages.<MsgType>}. */
	public static final List<String> FANOUT_MESSAGES = List.of("text", "image", "voice", "video", "shortvideo",
			"location", "link");

	private Topics() {
	}

	/**
	 * The fan-out topic of a push: same key and value as {@link #WECHAT_EVENTS}, one
	 * topic per type for analytics.
	 * @param msgType the MsgType
	 * @param event the Event, for {@code MsgType=event}
	 * @return {@code wechat.events.<event>}, {@code wechat.messages.<msgType>} or
	 * {@link #EVENTS_OTHER}
	 */
	public static String fanoutTopic(String msgType, String event) {
		if ("event".equals(msgType)) {
			String type = (event != null) ? event.toLowerCase(Locale.ROOT) : "";
			return FANOUT_EVENTS.contains(type) ? "wechat.events." + type : EVENTS_OTHER;
		}
		return FANOUT_MESSAGES.contains(msgType) ? "wechat.messages." + msgType : EVENTS_OTHER;
	}

	/**
	 * Every fan-out topic.
	 * @return the names
	 */
	public static List<String> fanoutTopics() {
		List<String> topics = new ArrayList<>();
		FANOUT_EVENTS.forEach((event) -> topics.add("wechat.events." + event));
		FANOUT_MESSAGES.forEach((type) -> topics.add("wechat.messages." + type));
		topics.add(EVENTS_OTHER);
		return List.copyOf(topics);
	}

}
