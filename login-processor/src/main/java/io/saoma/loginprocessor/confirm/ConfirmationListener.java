package io.saoma.loginprocessor.confirm;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.saoma.loginprocessor.wechat.CustomMessageClient;
import io.saoma.loginprocessor.wechat.WechatApiException;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.kafka.retrytopic.SameIntervalTopicReuseStrategy;
import org.springframework.kafka.retrytopic.TopicSuffixingStrategy;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Confirms each login in WeChat: after a login {@code SUCCEEDED}, the person who scanned
 * gets the account's customer-service text ("你已登录…"). A consumer of
 * {@value Topics.Names#LOGINS} of its own group ({@value #GROUP}), apart from Kafka
 * Streams: a slow or failing WeChat never delays a login, only its confirmation.
 * <p>
 * <b>Exactly one message per login</b>, as far as WeChat allows. {@code custom/send} has
 * no idempotency key, so the listener keeps its own record: before sending it looks the
 * login up in the compacted marker topic {@value Topics.Names#LOGIN_CONFIRMATIONS}
 * ({@link ConfirmationMarkers}, which first reads everything written to the topic so
 * far), and after WeChat accepted it writes the marker and waits for the broker's
 * acknowledgement, all before the listener returns and the offset is committed. A login
 * delivered again (a rebalance, a restart, an offset reset, the same login written twice,
 * a retry topic) finds its marker and is counted as {@code duplicate}. A marker topic was
 * chosen over a transactional consume-produce loop because the loop would make the marker
 * and the offset atomic, which is not the problem: the HTTP call is outside any
 * transaction either way, while the marker topic also covers redeliveries the offsets
 * cannot (an offset reset, a record written twice, a second consumer group).
 * <p>
 * <b>The window that remains</b>: WeChat accepted the message, then this process died (or
 * lost the broker) before the marker was acknowledged. The login is delivered again and
 * confirmed a second time: at most one duplicate per such crash. A send that timed out
 * may also have been delivered; it is retried, the same window.
 * <p>
 * <b>Errors</b>: WeChat refusing this user for good (45015 no interaction in 48 h, 45047
 * customer-service limit, 40003 invalid openid, 43004 unfollowed) dead-letters the login
 * at once with the reason in the {@value ConfirmationFailure#REASON_HEADER} header; a
 * rejected token is refreshed and the call retried once ({@link CustomMessageClient});
 * anything else (-1 busy, 45009 quota, HTTP 5xx, timeouts) is retried through
 * spring-kafka's retry topics with an exponential back-off
 * ({@code login.confirmation.retry.*}), then dead-lettered in
 * {@value Topics.Names#CONFIRMATION_DLT}. A login decided longer ago than
 * {@code login.confirmation.max-age} is not confirmed any more, also on a retry.
 */
public class ConfirmationListener {

	/** The listener's id. */
	public static final String ID = "login-confirmations";

	/** The consumer group. */
	public static final String GROUP = "login-confirmations";

	private static final Logger logger = LoggerFactory.getLogger(ConfirmationListener.class);

	/** WeChat refusals that no retry changes. */
	private static final Map<Integer, String> REFUSALS = Map.of(45015,
			"the user has not written to the account in 48 h", 45047, "the customer-service message limit is reached",
			40003, "the openid is invalid", 43004, "the user does not follow the account");

	private final Map<String, CustomMessageClient> clients;

	private final ConfirmationProperties properties;

	private final ConfirmationMarkers markers;

	private final ConfirmationMetrics metrics;

	private final Duration sendTimeout;

	private final Clock clock;

	ConfirmationListener(Map<String, CustomMessageClient> clients, ConfirmationProperties properties,
			ConfirmationMarkers markers, ConfirmationMetrics metrics, Duration sendTimeout, Clock clock) {
		this.clients = clients;
		this.properties = properties;
		this.markers = markers;
		this.metrics = metrics;
		this.sendTimeout = sendTimeout;
		this.clock = clock;
	}

	/**
	 * Confirms a login of the main topic or of a retry topic. The retry and dead-letter
	 * topics are declared here; their consumers, template and reason header are
	 * {@link ConfirmationConfiguration}'s.
	 * @param record the login (raw bytes, decoded here, so that an undecodable record is
	 * dead-lettered like any refusal)
	 */
	@KafkaListener(id = ID, groupId = GROUP, topics = Topics.Names.LOGINS,
			containerFactory = "confirmationContainerFactory")
	@RetryableTopic(attempts = "#{@confirmationRetry.attempts()}",
			backOff = @BackOff(delayString = "#{@confirmationRetry.initialDelay().toMillis()}",
					multiplierString = "#{@confirmationRetry.multiplier()}",
					maxDelayString = "#{@confirmationRetry.maxDelay().toMillis()}"),
			retryTopicSuffix = Topics.CONFIRMATION_RETRY_SUFFIX, dltTopicSuffix = Topics.CONFIRMATION_DLT_SUFFIX,
			topicSuffixingStrategy = TopicSuffixingStrategy.SUFFIX_WITH_INDEX_VALUE,
			sameIntervalTopicReuseStrategy = SameIntervalTopicReuseStrategy.SINGLE_TOPIC,
			exclude = { ConfirmationFailure.Refused.class, ConfirmationFailure.Undecodable.class },
			numPartitions = "#{@confirmationRetry.topicPartitions()}", replicationFactor = "-1",
			listenerContainerFactory = "confirmationContainerFactory", kafkaTemplate = "confirmationRetryTemplate")
	void onLogin(ConsumerRecord<String, byte[]> record) {
		LoginResult login = decode(record.value());
		if (login.getOutcome() != LoginOutcome.SUCCEEDED || login.getOpenId() == null) {
			return;
		}
		ConfirmationProperties.Account confirmation = this.properties.accounts().get(login.getAccount());
		CustomMessageClient client = this.clients.get(login.getAccount());
		if (confirmation == null || !confirmation.isOn() || client == null) {
			return;
		}
		if (record.topic().contains(Topics.CONFIRMATION_RETRY_SUFFIX)) {
			this.metrics.retried();
		}
		Instant decidedAt = login.getDecidedAt();
		Duration age = Duration.between(decidedAt, this.clock.instant());
		if (age.compareTo(this.properties.maxAge()) > 0) {
			this.metrics.skippedStale();
			logger.info("Not confirming login {} of account {}: decided {} s ago, more than login.confirmation.max-age",
					login.getLoginId(), login.getAccount(), age.toSeconds());
			return;
		}
		String marker = this.markers.find(login.getLoginId());
		if (marker != null) {
			this.metrics.duplicate();
			logger.debug("Login {} was dealt with already ({})", login.getLoginId(), marker);
			return;
		}
		send(client, login, ConfirmationText.render(confirmation.text(), decidedAt, this.properties.zone()));
		this.markers.write(login.getLoginId(), ConfirmationMarkers.SENT);
		this.metrics.sent();
		logger.info("Confirmed login {} of account {} in WeChat", login.getLoginId(), login.getAccount());
	}

	private void send(CustomMessageClient client, LoginResult login, String text) {
		try {
			client.sendText(login.getOpenId(), text).block(this.sendTimeout);
		}
		catch (WechatApiException ex) {
			String refusal = (ex.errcode() != null) ? REFUSALS.get(ex.errcode()) : null;
			if (refusal != null) {
				throw new ConfirmationFailure.Refused("errcode-" + ex.errcode(),
						"WeChat will not deliver the confirmation of login " + login.getLoginId() + ": " + refusal
								+ " (errcode " + ex.errcode() + ")");
			}
			throw new ConfirmationFailure.Temporary(
					"could not confirm login " + login.getLoginId() + ": " + ex.getMessage() + "; hint: " + ex.hint());
		}
		catch (IllegalStateException ex) {
			// block() timed out: every attempt of the call had its own deadline already
			throw new ConfirmationFailure.Temporary(
					"could not confirm login " + login.getLoginId() + " within " + this.sendTimeout.toMillis() + " ms");
		}
	}

	/**
	 * Last stop of a login that could not be confirmed: counted by reason, logged, and
	 * marked so that a redelivery of the login does not try again. Reads raw bytes, so
	 * that a record no one can decode is counted too.
	 * @param record the dead letter
	 */
	@DltHandler
	void onDeadLetter(ConsumerRecord<String, byte[]> record) {
		String reason = header(record, ConfirmationFailure.REASON_HEADER, "attempts-exhausted");
		this.metrics.deadLettered(reason);
		String loginId = record.key();
		if (loginId != null) {
			this.markers.write(loginId, ConfirmationMarkers.DEAD_LETTERED + " " + reason);
		}
		logger.warn("Gave up confirming login {} ({}: {}); it is in {} at {}-{}@{}", loginId, reason,
				header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE, "no message"), Topics.Names.CONFIRMATION_DLT,
				record.topic(), record.partition(), record.offset());
	}

	private static LoginResult decode(byte[] value) {
		if (value == null) {
			throw new ConfirmationFailure.Undecodable("not a LoginResult: null");
		}
		try {
			return AvroSerdes.loginResult().decode(value);
		}
		catch (SerializationException ex) {
			throw new ConfirmationFailure.Undecodable("not a LoginResult: " + ex.getMessage());
		}
	}

	private static String header(ConsumerRecord<?, ?> record, String name, String absent) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : absent;
	}

}
