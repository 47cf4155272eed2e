package io.saoma.loginprocessor.topology;

import io.saoma.common.streams.DeadLetterCounter;
import io.saoma.common.streams.DeadLetters;
import io.saoma.loginprocessor.topology.MatcherOutput.RawRecord;
import io.saoma.loginprocessor.topology.MatcherOutput.Target;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs the {@link TicketMatcher} on records still in the bytes they were read as, and
 * sends a record the matcher cannot decode or fails on to the dead-letter topic: its key
 * and value bytes as read, spring-kafka's {@code kafka_original-*} and
 * {@code kafka_exception-*} headers, in the same transaction as everything else. The
 * failure is logged once, counted, and the next record is processed. Kafka Streams' own
 * exceptions ({@link StreamsException}: a failed send or store, a fenced or corrupted
 * task) are not the record's fault and are left to Kafka Streams. Kafka Streams 4.1's
 * {@code processing.exception.handler} cannot dead-letter (that is 4.2's KIP-1034), so
 * the topology does it; what the matcher forwarded or stored before it threw stays (it
 * checks its input first), and {@link SkipPoisonRecords} remains the last resort for
 * anything thrown after this guard (a sink that cannot serialize).
 */
final class MatcherGuard implements Processor<byte[], MatcherInput, String, MatcherOutput> {

	private final TicketMatcher matcher;

	private final DeadLetterCounter deadLetters;

	private ProcessorContext<String, MatcherOutput> context;

	MatcherGuard(TicketMatcher matcher, DeadLetterCounter deadLetters) {
		this.matcher = matcher;
		this.deadLetters = deadLetters;
	}

	@Override
	public void init(ProcessorContext<String, MatcherOutput> context) {
		this.context = context;
		this.matcher.init(context);
	}

	@Override
	public void process(Record<byte[], MatcherInput> record) {
		MatcherInput input = record.value();
		if (input == null || input.bytes() == null) {
			// the tombstones the matcher writes for used and expired tickets
			return;
		}
		try {
			SpecificRecord value = input.decode();
			this.matcher.process(new Record<>(null, value, record.timestamp(), record.headers()));
		}
		catch (StreamsException ex) {
			// Kafka Streams' own: a failed send or store, a task migrated (fenced) or
			// corrupted. Not the record's
			// fault: Streams handles it (aborts the transaction, retries or moves the
			// task)
			throw ex;
		}
		catch (RuntimeException ex) {
			deadLetter(record, input, ex);
		}
	}

	private void deadLetter(Record<byte[], MatcherInput> record, MatcherInput input, RuntimeException failure) {
		this.deadLetters.increment(input.kind().source());
		Headers headers = DeadLetters.giveUp("a " + input.kind().source() + " record the matcher failed on",
				record.headers(), this.context.recordMetadata(), failure);
		this.context.forward(
				new Record<>(null, new MatcherOutput(Target.DEAD_LETTERS, new RawRecord(record.key(), input.bytes())),
						record.timestamp(), headers));
	}

	@Override
	public void close() {
		this.matcher.close();
	}

}
