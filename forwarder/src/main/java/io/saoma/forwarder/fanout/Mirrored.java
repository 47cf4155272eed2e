package io.saoma.forwarder.fanout;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A record's JSON mirror ({@link WechatEventJson}) with the JSON topic of its type: like
 * {@link Routed}, the topic travels with the value so the sink needs no second decode.
 *
 * @param topic the JSON mirror topic ({@code wechat.json.*})
 * @param json the UTF-8 JSON object
 */
record Mirrored(String topic, byte[] json) {

	/** Picks each record's topic at the sink. */
	static final TopicNameExtractor<byte[], Mirrored> TOPIC = new JsonTopicOfItsType();

	/** Writes the JSON; nothing reads a {@code Mirrored} back. */
	static final Serde<Mirrored> SERDE = Serdes.serdeFrom((topic, mirrored) -> mirrored.json(), (topic, bytes) -> {
		throw new UnsupportedOperationException("Mirrored values are only written");
	});

	/** A named class, so that the topology's description says what picks the topic. */
	private static final class JsonTopicOfItsType implements TopicNameExtractor<byte[], Mirrored> {

		@Override
		public String extract(byte[] key, Mirrored mirrored, RecordContext context) {
			return mirrored.topic();
		}

	}

}
