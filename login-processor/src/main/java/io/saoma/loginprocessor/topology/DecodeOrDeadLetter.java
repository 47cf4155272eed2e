package io.saoma.loginprocessor.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.saoma.schemas.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a topic's values inside the topology, so that a record no schema can read becomes a {@link DeadLetter}
 * (written to the dead-letter topic in the same transaction) instead of stopping the application. Dead letters carry
 * spring-kafka's {@code kafka_dlt-*} headers, so the same tools read every dead-letter topic of the pipeline.
 *
 * @param <T> the record type
 */
final class DecodeOrDeadLetter<T extends SpecificRecord> implements FixedKeyProcessor<String, byte[], Object> {

	static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";

	static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";

	static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";

	static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";

	static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";

	private static final Logger logger = LoggerFactory.getLogger(DecodeOrDeadLetter.class);

	private final AvroSerde<T> serde;

	private FixedKeyProcessorContext<String, Object> context;

	DecodeOrDeadLetter(AvroSerde<T> serde) {
		this.serde = serde;
	}

	@Override
	public void init(FixedKeyProcessorContext<String, Object> context) {
		this.context = context;
	}

	@Override
	public void process(FixedKeyRecord<String, byte[]> record) {
		try {
			this.context.forward(record.withValue(this.serde.decode(record.value())));
		}
		catch (SerializationException ex) {
			RecordHeaders headers = new RecordHeaders(record.headers().toArray());
			this.context.recordMetadata().ifPresent((source) -> addSource(headers, source));
			headers.add(EXCEPTION_FQCN, utf8(ex.getClass().getName()));
			headers.add(EXCEPTION_MESSAGE, utf8(String.valueOf(ex.getMessage())));
			logger.warn("Sent an undecodable record to the dead-letter topic ({}): {}",
					this.context.recordMetadata().map(DecodeOrDeadLetter::describe).orElse("unknown source"),
					ex.getMessage());
			this.context.forward(record.withValue((Object) new DeadLetter(record.value())).withHeaders(headers));
		}
	}

	private static void addSource(RecordHeaders headers, RecordMetadata source) {
		headers.add(ORIGINAL_TOPIC, utf8(source.topic()));
		headers.add(ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(source.partition()).array());
		headers.add(ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(source.offset()).array());
	}

	private static String describe(RecordMetadata source) {
		return source.topic() + "-" + source.partition() + "@" + source.offset();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
