package io.saoma.forwarder.relay;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
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
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Consumes {@code wechat.events} (and, through the retry topics, what failed) and hands
 * each push to the {@link Relay}. A push whose endpoint's circuit is open is set aside in
 * its account's waiting topic ({@link RelayWaitingRoom}), so the consumer goes on with
 * the other accounts' pushes. Offsets are committed only after the relay succeeded or the
 * push was handed to a retry, waiting or dead-letter topic, so a crash loses nothing. The
 * listener answers at once with the relay's future (spring-kafka then commits each offset
 * once the relays before it in its partition have ended, whatever order they end in):
 * several relays are in flight at once, those of one user (the record key) one after the
 * other in the partition's order ({@link RelayLanes}). As before, a push that failed goes
 * on in the retry topics while the user's later pushes are relayed.
 */
public class RelayListener {

	/** The listener's id and consumer group. */
	public static final String ID = "authing-relay";

	private static final Logger logger = LoggerFactory.getLogger(RelayListener.class);

	private final Relay relay;

	private final RelayWaitingRoom waitingRoom;

	private final RelayLanes lanes;

	public RelayListener(Relay relay, RelayWaitingRoom waitingRoom, RelayLanes lanes) {
		this.relay = relay;
		this.waitingRoom = waitingRoom;
		this.lanes = lanes;
	}

	/**
	 * Relays a push of the main topic or of a retry topic (both read as raw bytes and
	 * decoded here). A failure is retried through spring-kafka's retry topics
	 * ({@code wechat.events.authing-relay-retry-<n>}, one per distinct back-off delay),
	 * with {@code forwarder.retry.*}'s exponential back-off, then dead-lettered in
	 * {@value Topics#RELAY_DLT}; a refusal of the push and a record nobody can decode go
	 * there at once. The values come from the bound {@link ForwarderProperties} (beans
	 * {@code relayRetry} and {@code relaySettings} of {@link RelayConfiguration}), so
	 * they are the validated ones, however they were set. The retry and dead-letter
	 * topics' consumers read raw bytes ({@code relayRetryContainerFactory}) and publish
	 * with {@code relayRetryTemplate}; the dead letters' reason header is added by
	 * {@link RelayConfiguration}.
	 * @param record the record
	 */
	@KafkaListener(id = ID, groupId = "saoma-forwarder-relay", topics = Topics.Names.WECHAT_EVENTS,
			containerFactory = "relayContainerFactory", concurrency = "#{@relaySettings.concurrency()}")
	@RetryableTopic(attempts = "#{@relayRetry.attempts()}",
			backOff = @BackOff(delayString = "#{@relayRetry.initialDelay().toMillis()}",
					multiplierString = "#{@relayRetry.multiplier()}",
					maxDelayString = "#{@relayRetry.maxDelay().toMillis()}"),
			retryTopicSuffix = Topics.RELAY_RETRY_SUFFIX, dltTopicSuffix = Topics.RELAY_DLT_SUFFIX,
			topicSuffixingStrategy = TopicSuffixingStrategy.SUFFIX_WITH_INDEX_VALUE,
			sameIntervalTopicReuseStrategy = SameIntervalTopicReuseStrategy.SINGLE_TOPIC,
			exclude = { RelayFailure.Rejected.class, DeserializationException.class },
			numPartitions = "#{@relayRetry.topicPartitions()}", replicationFactor = "-1",
			listenerContainerFactory = "relayRetryContainerFactory",
			concurrency = "#{@relaySettings.retryConcurrency()}", kafkaTemplate = "relayRetryTemplate")
	CompletableFuture<Void> onPush(ConsumerRecord<String, Object> record) {
		WechatEvent event;
		try {
			event = decode(record.value());
		}
		catch (RelayFailure ex) {
			// an async listener reports its failures through its result
			return CompletableFuture.failedFuture(ex);
		}
		return this.lanes.submit(record.key(), () -> relayOrSetAside(record.key(), event));
	}

	private CompletableFuture<?> relayOrSetAside(String key, WechatEvent event) {
		return this.relay.call(event)
			.then()
			.toFuture()
			.exceptionallyCompose((ex) -> (unwrap(ex) instanceof RelayFailure.CircuitOpen)
					? this.waitingRoom.setAside(key, event) : CompletableFuture.failedFuture(unwrap(ex)));
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	/**
	 * Last stop of a push that could not be relayed: it stays in the dead-letter topic
	 * for a re-drive. Reads raw bytes, so that every dead letter is counted and logged, a
	 * record no one can decode too.
	 * @param record the dead letter
	 */
	@DltHandler
	void onDeadLetter(ConsumerRecord<String, byte[]> record) {
		WechatEvent event;
		try {
			event = AvroSerdes.wechatEvent().decode(record.value());
		}
		catch (SerializationException ex) {
			event = null;
		}
		String account = (event != null) ? event.getAccount() : "undecodable";
		String eventId = (event != null) ? event.getEventId() : "an undecodable record";
		this.relay.deadLettered(account);
		logger.warn("Gave up relaying {} of account {} ({}: {}); it is in {} at {}-{}@{} for a re-drive", eventId,
				account, header(record, RelayFailure.REASON_HEADER, "attempts-exhausted"),
				header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE, "no reason given"), Topics.Names.RELAY_DLT,
				record.topic(), record.partition(), record.offset());
	}

	private static WechatEvent decode(Object value) {
		if (value instanceof WechatEvent event) {
			return event;
		}
		if (value instanceof byte[] bytes) {
			try {
				return AvroSerdes.wechatEvent().decode(bytes);
			}
			catch (SerializationException ex) {
				throw new RelayFailure.Undecodable("not a WechatEvent: " + ex.getMessage());
			}
		}
		throw new RelayFailure.Undecodable(
				"not a WechatEvent: " + ((value != null) ? value.getClass().getName() : "null"));
	}

	private static String header(ConsumerRecord<?, ?> record, String name, String absent) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : absent;
	}

}
