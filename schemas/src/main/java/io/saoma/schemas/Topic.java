package io.saoma.schemas;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic and the serdes of its keys and values, so that a topology writes
 * {@code .to(LOGINS.name(), LOGINS.produced())} and the name and the serdes cannot come
 * from two topics (as confluentinc/kafka-streams-examples' {@code Schemas.Topics}). The
 * Kafka Streams helpers need {@code kafka-streams} on the classpath, which this module
 * declares optional: a plain client uses {@link #name()}, {@link #keys()} and
 * {@link #values()} ({@code keys().serializer()}, ...).
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param name the topic's name
 * @param keys the key serde
 * @param values the value serde
 */
public record Topic<K, V>(String name, Serde<K> keys, Serde<V> values) {

	/**
	 * How a topology reads the topic.
	 * @return {@code Consumed.with(keys, values)}; name the source with {@code withName}
	 */
	public Consumed<K, V> consumed() {
		return Consumed.with(this.keys, this.values);
	}

	/**
	 * How a topology writes the topic.
	 * @return {@code Produced.with(keys, values)}; name the sink with {@code withName}
	 */
	public Produced<K, V> produced() {
		return Produced.with(this.keys, this.values);
	}

	/**
	 * The topic's name, so that a topic in a log line or message reads as its name.
	 * @return the name
	 */
	@Override
	public String toString() {
		return this.name;
	}

}
