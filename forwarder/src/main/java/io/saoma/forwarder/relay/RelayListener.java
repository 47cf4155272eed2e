package io.saoma.forwarder.relay;

import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Consumes {@code wechat.events} (and, through the retry topics, what failed) and hands each push to the
 * {@link Relay}. Offsets are committed only after the relay succeeded or the push was handed to a retry or dead-letter
 * topic, so a crash loses nothing. Each consumer relays its partitions in order.
 */
public class RelayListener {

	/** The listener's id and consumer group. */
	public static final String ID = "authing-relay";

	private static final Logger logger = LoggerFactory.getLogger(RelayListener.class);

	private final Relay relay;

	public RelayListener(Relay relay) {
		this.relay = relay;
	}

	@KafkaListener(id = ID, groupId = "saoma-forwarder-relay", topics = Topics.WECHAT_EVENTS,
			containerFactory = "relayContainerFactory", concurrency = "${forwarder.relay.concurrency:3}")
	void onPush(ConsumerRecord<String, WechatEvent> record) {
		this.relay.relay(record.value());
	}

	/** Last stop of a push that could not be relayed: it stays in the dead-letter topic for a re-drive. */
	void onDeadLetter(ConsumerRecord<String, Object> record,
			@Header(name = KafkaHeaders.EXCEPTION_MESSAGE, required = false) String reason) {
		String account = (record.value() instanceof WechatEvent event) ? event.getAccount() : "unknown";
		this.relay.deadLettered(account);
		logger.warn("Gave up relaying {} of account {} ({}); it is in {} for a re-drive", record.key(), account, reason,
				Topics.RELAY_DLT);
	}

}
