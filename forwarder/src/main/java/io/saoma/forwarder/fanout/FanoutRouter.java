package io.saoma.forwarder.fanout;

import io.saoma.common.streams.DeadLetter;
import io.saoma.common.streams.DeadLetterHeaders;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each record only to learn its MsgType and Event, then forwards the value it read, as {@link Routed} to the
 * topic of that type: the record is never encoded again, so one written with an older schema keeps its bytes. A
 * record it cannot decode becomes a {@link DeadLetter} with {@link DeadLetterHeaders}, and the stream goes on.
 */
final class FanoutRouter implements FixedKeyProcessor<byte[], byte[], Object> {

	private static final Logger logger = LoggerFactory.getLogger(FanoutRouter.class);

	private final FanoutMetrics metrics;

	private FixedKeyProcessorContext<byte[], Object> context;

	FanoutRouter(FanoutMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public void init(FixedKeyProcessorContext<byte[], Object> context) {
		this.context = context;
	}

	@Override
	public void process(FixedKeyRecord<byte[], byte[]> record) {
		String topic;
		try {
			topic = topicOf(record.value());
		}
		catch (SerializationException ex) {
			deadLetter(record, ex);
			return;
		}
		this.metrics.routed(topic);
		this.context.forward(record.withValue(new Routed(topic, record.value())));
	}

	private static String topicOf(byte[] value) {
		if (value == null) {
			throw new SerializationException("A record without a value (tombstone) has no MsgType");
		}
		WechatEvent event = AvroSerdes.wechatEvent().decode(value);
		return Topics.fanoutTopic(event.getMsgType(), event.getEvent());
	}

	private void deadLetter(FixedKeyRecord<byte[], byte[]> record, SerializationException ex) {
		logger.warn("Sent an undecodable record to the dead-letter topic ({}): {}",
				DeadLetterHeaders.describe(this.context.recordMetadata()), ex.getMessage());
		this.metrics.routed(Topics.FORWARDER_DLT);
		this.context.forward(record.withValue(new DeadLetter(record.value()))
			.withHeaders(DeadLetterHeaders.of(record.headers(), this.context.recordMetadata(), ex)));
	}

}
