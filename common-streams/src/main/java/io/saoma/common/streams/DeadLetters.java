package io.saoma.common.streams;

import java.util.Optional;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up on a record the same way wherever a topology does: the failure is logged once
 * with where the record was read, and its dead letter gets {@link DeadLetterHeaders}. A
 * record no schema can read ({@link SerializationException}) is logged as a warning
 * without a stack trace, since its bytes are at fault; any other failure as an error with
 * its stack trace. The caller counts it and forwards the dead letter to its dead-letter
 * sink, so that it is written in the task's transaction.
 */
public final class DeadLetters {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

	private DeadLetters() {
	}

	/**
	 * Gives up on a record: logs why and returns the headers of its dead letter.
	 * @param what the record, for the log line (e.g. {@code an undecodable record})
	 * @param original the record's headers
	 * @param source where it was read, if known
	 * @param failure why it is given up on
	 * @return the original headers plus {@link DeadLetterHeaders}
	 */
	public static Headers giveUp(String what, Headers original, Optional<RecordMetadata> source,
			RuntimeException failure) {
		if (failure instanceof SerializationException) {
			logger.warn("Sent {} to the dead-letter topic ({}): {}", what, DeadLetterHeaders.describe(source),
					failure.getMessage());
		}
		else {
			logger.error("Sent {} to the dead-letter topic ({}): {}", what, DeadLetterHeaders.describe(source),
					failure.toString(), failure);
		}
		return DeadLetterHeaders.of(original, source, failure);
	}

	/**
	 * Gives up on a record read as bytes: logs why and returns its dead letter.
	 * @param <K> the key type
	 * @param what the record, for the log line (e.g. {@code an undecodable record})
	 * @param record the record
	 * @param source where it was read, if known
	 * @param failure why it is given up on
	 * @return the record with its value as a {@link DeadLetter} and
	 * {@link DeadLetterHeaders}
	 */
	public static <K> FixedKeyRecord<K, Object> giveUp(String what, FixedKeyRecord<K, byte[]> record,
			Optional<RecordMetadata> source, RuntimeException failure) {
		return record.withValue((Object) new DeadLetter(record.value()))
			.withHeaders(giveUp(what, record.headers(), source, failure));
	}

}
