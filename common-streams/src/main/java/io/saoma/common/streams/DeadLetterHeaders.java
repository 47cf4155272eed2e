package io.saoma.common.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * The headers of a dead letter: spring-kafka's {@code kafka_original-*} and
 * {@code kafka_exception-*} names and encodings (partition as a 4-byte int, offset as an
 * 8-byte long), so the same tools read every dead-letter topic of the pipeline.
 */
public final class DeadLetterHeaders {

	public static final String ORIGINAL_TOPIC = KafkaHeaders.ORIGINAL_TOPIC;

	public static final String ORIGINAL_PARTITION = KafkaHeaders.ORIGINAL_PARTITION;

	public static final String ORIGINAL_OFFSET = KafkaHeaders.ORIGINAL_OFFSET;

	public static final String EXCEPTION_FQCN = KafkaHeaders.EXCEPTION_FQCN;

	public static final String EXCEPTION_MESSAGE = KafkaHeaders.EXCEPTION_MESSAGE;

	private DeadLetterHeaders() {
	}

	/**
	 * The original headers plus where the record came from and why it is dead.
	 * @param original the record's headers
	 * @param source where it was read, if known
	 * @param failure why it could not be processed
	 * @return new headers
	 */
	public static Headers of(Headers original, Optional<RecordMetadata> source, Exception failure) {
		RecordHeaders headers = new RecordHeaders(original.toArray());
		source.ifPresent((metadata) -> {
			headers.add(ORIGINAL_TOPIC, utf8(metadata.topic()));
			headers.add(ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(metadata.partition()).array());
			headers.add(ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(metadata.offset()).array());
		});
		headers.add(EXCEPTION_FQCN, utf8(failure.getClass().getName()));
		headers.add(EXCEPTION_MESSAGE, utf8(String.valueOf(failure.getMessage())));
		return headers;
	}

	/**
	 * Describes a record's source for a log line.
	 * @param source where it was read, if known
	 * @return {@code topic-partition@offset}
	 */
	public static String describe(Optional<RecordMetadata> source) {
		return source.map((metadata) -> metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset())
			.orElse("unknown source");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
