package io.saoma.common.streams;

import java.util.Map;

import io.saoma.schemas.Topic;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
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
public final class DecodeOrDeadLetter<T> implements FixedKeyProcessor<String, byte[], Object> {

	private final Topic<String, T> topic;

	private final Deserializer<T> values;

	private final DeadLetterCounter counter;

	private final String source;

	private FixedKeyProcessorContext<String, Object> context;

	/**
	 * A decoder that counts what it dead-letters.
	 * @param topic the topic it decodes, whose value serde it uses
	 * @param counter where dead letters are counted, or {@code null}
	 * @param source the source's name in the count
	 */
	public DecodeOrDeadLetter(Topic<String, T> topic, DeadLetterCounter counter, String source) {
		this.topic = topic;
		this.values = topic.values().deserializer();
		this.counter = counter;
		this.source = source;
	}

	/**
	 * Reads a topic as bytes, sends what cannot be decoded to a dead-letter topic,
	 * counted under the source {@code name}, and returns the rest decoded (tombstones
	 * stay {@code null}). A dead letter keeps its key as read, as a String.
	 * @param <T> the record type
	 * @param builder the builder
	 * @param topic the topic to read, with its serdes
	 * @param name the prefix of the processors' names and the source's name in the count
	 * @param deadLetters where undecodable records go, with {@link DeadLetterHeaders}
	 * @param counter where dead letters are counted, or {@code null}
	 * @return the decoded stream
	 */
	@SuppressWarnings("unchecked")
	public static <T> KStream<String, T> stream(StreamsBuilder builder, Topic<String, T> topic, String name,
			Topic<?, byte[]> deadLetters, DeadLetterCounter counter) {
		Map<String, KStream<String, Object>> branches = builder
			.stream(topic.name(), Consumed.with(topic.keys(), Serdes.ByteArray()).withName(name + "-source"))
			.processValues(() -> new DecodeOrDeadLetter<>(topic, counter, name), Named.as(name + "-decode"))
			.split(Named.as(name + "-"))
			.branch((key, value) -> value instanceof DeadLetter, Branched.as("dead"))
			.defaultBranch(Branched.as("decoded"));
		branches.get(name + "-dead")
			.mapValues((value) -> ((DeadLetter) value).bytes(), Named.as(name + "-dead-letters"))
			.to(deadLetters.name(), Produced.with(topic.keys(), deadLetters.values()).withName(name + "-dlt-sink"));
		return branches.get(name + "-decoded").mapValues((value) -> (T) value, Named.as(name + "-decoded-values"));
	}

	@Override
	public void init(FixedKeyProcessorContext<String, Object> context) {
		this.context = context;
	}

	@Override
	public void process(FixedKeyRecord<String, byte[]> record) {
		try {
			this.context.forward(record.withValue(this.values.deserialize(this.topic.name(), record.value())));
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
