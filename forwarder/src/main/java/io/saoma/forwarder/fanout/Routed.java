package io.saoma.forwarder.fanout;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A record's value as it was read, with the fan-out topic of its type: the topic travels
 * with the bytes so that the sink picks it without decoding the record a second time, and
 * writes the bytes without encoding them again.
 *
 * @param topic the fan-out topic
 * @param value the value as read from {@code wechat.events}
 */
record Routed(String topic, byte[] value) {

	/** Picks each record's topic at the sink. */
	static final TopicNameExtractor<byte[], Routed> TOPIC = new TopicOfItsType();

	/** Writes the original value; nothing reads a {@code Routed} back. */
	static final Serde<Routed> SERDE = Serdes.serdeFrom((topic, routed) -> routed.value(), (topic, bytes) -> {
		throw new UnsupportedOperationException("Routed values are only written");
	});

	/** A named class, so that the topology's description says what picks the topic. */
	private static final class TopicOfItsType implements TopicNameExtractor<byte[], Routed> {

		@Override
		public String extract(byte[] key, Routed routed, RecordContext context) {
			return routed.topic();
		}

	}

}
