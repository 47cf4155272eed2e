package io.saoma.testsupport.events;

import java.util.Properties;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events to {@code wechat.events} as the receiver does: keyed by
 * {@link EventKeys} (AppID and openid), Avro values, {@code acks=all}.
 */
public final class EventProducer implements AutoCloseable {

	private final KafkaProducer<String, WechatEvent> producer;

	/**
	 * A producer for a broker.
	 * @param bootstrapServers the broker's bootstrap servers
	 */
	public EventProducer(String bootstrapServers) {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		this.producer = new KafkaProducer<>(config, new StringSerializer(), AvroSerdes.wechatEvent().serializer());
	}

	/**
	 * Sends an event without waiting for the broker; {@link #flush()} waits for all.
	 * @param event the event
	 * @return the event
	 */
	public WechatEvent send(WechatEvent event) {
		this.producer.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS,
				EventKeys.of(event.getAppId(), event.getFromUserName()), event));
		return event;
	}

	/**
	 * Waits until every event sent is acknowledged.
	 */
	public void flush() {
		this.producer.flush();
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
