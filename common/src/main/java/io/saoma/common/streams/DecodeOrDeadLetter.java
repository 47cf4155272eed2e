package io.saoma.common.streams;

import java.util.Map;

import io.saoma.schemas.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes a topic's values inside a topology, so that a record no schema can read becomes
 * a {@link DeadLetter} (written to a dead-letter topic in the same transaction) instead
 * of stopping the application. Kafka Streams 4.1 has no dead-letter queue of its own, and
 * a deserialization handler would write outside the transaction.
 *
 * @param <T> the record type
 */
public final class DecodeOrDeadLetter<T extends SpecificRecord> implements FixedKeyProcessor<String, byte[], Object> {

	private final AvroSerde<T> serde;

	private final DeadLetterCounter counter;

	private final String source;

	private FixedKeyProcessorContext<String, Object> context;

	public DecodeOrDeadLetter(AvroSerde<T> serde) {
		this(serde, null, null);
	}

	/**
	 * A decoder that counts what it dead-letters.
	 * @param serde the value serde
	 * @param counter where dead letters are counted, or {@code null}
	 * @param source the source's name in the count
	 */
	public DecodeOrDeadLetter(AvroSerde<T> serde, DeadLetterCounter counter, String source) {
		this.serde = serde;
		this.counter = counter;
		this.source = source;
	}

	/**
	 * Reads a topic as bytes, sends what cannot be decoded to a dead-letter topic and
	 * returns the rest decoded (tombstones stay {@code null}).
	 * @param <T> the record type
	 * @param builder the builder
	 * @param topic the topic to read
	 * @param serde its value serde
	 * @param name the prefix of the processors' names
	 * @param deadLetterTopic where undecodable records go, with {@link DeadLetterHeaders}
	 * @return the decoded stream
	 */
	public static <T extends SpecificRecord> KStream<String, T> stream(StreamsBuilder builder, String topic,
			AvroSerde<T> serde, String name, String deadLetterTopic) {
		return stream(builder, topic, serde, name, deadLetterTopic, null);
	}

	/**
	 * Reads a topic as bytes, sends what cannot be decoded to a dead-letter topic,
	 * counted under the source {@code name}, and returns the rest decoded (tombstones
	 * stay {@code null}).
	 * @param <T> the record type
	 * @param builder the builder
	 * @param topic the topic to read
	 * @param serde its value serde
	 * @param name the prefix of the processors' names and the source's name in the count
	 * @param deadLetterTopic where undecodable records go, with {@link DeadLetterHeaders}
	 * @param counter where dead letters are counted, or {@code null}
	 * @return the decoded stream
	 */
	@SuppressWarnings("unchecked")
	public static <T extends SpecificRecord> KStream<String, T> stream(StreamsBuilder builder, String topic,
			AvroSerde<T> serde, String name, String deadLetterTopic, DeadLetterCounter counter) {
		Map<String, KStream<String, Object>> branches = builder
			.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-source"))
			.processValues(() -> new DecodeOrDeadLetter<>(serde, counter, name), Named.as(name + "-decode"))
			.split(Named.as(name + "-"))
			.branch((key, value) -> value instanceof DeadLetter, Branched.as("dead"))
			.defaultBranch(Branched.as("decoded"));
		branches.get(name + "-dead")
			.mapValues((value) -> ((DeadLetter) value).bytes(), Named.as(name + "-dead-letters"))
			.to(deadLetterTopic, Produced.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-dlt-sink"));
		return branches.get(name + "-decoded").mapValues((value) -> (T) value, Named.as(name + "-decoded-values"));
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
			if (this.counter != null) {
				this.counter.increment(this.source);
			}
			this.context
				.forward(DeadLetters.giveUp("an undecodable record", record, this.context.recordMetadata(), ex));
		}
	}

}
