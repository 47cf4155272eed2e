package io.saoma.common;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serializer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.LoggingProducerListener;

/**
 * Kafka templates for records that hold users' data (messages, openids, login codes): a
 * failed send is logged without the record's key and value.
 */
public final class KafkaTemplates {

	private KafkaTemplates() {
	}

	/**
	 * Creates a producer factory whose producers report their own metrics (batching,
	 * latency, errors) to Micrometer.
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param properties the producer properties ({@code spring.kafka.producer.*})
	 * @param keys the key serializer
	 * @param values the value serializer
	 * @param registry the meter registry
	 * @return the factory
	 */
	public static <K, V> DefaultKafkaProducerFactory<K, V> instrumentedProducerFactory(Map<String, Object> properties,
			Serializer<K> keys, Serializer<V> values, MeterRegistry registry) {
		DefaultKafkaProducerFactory<K, V> producers = new DefaultKafkaProducerFactory<>(properties, keys, values);
		producers.addListener(new MicrometerProducerListener<>(registry));
		return producers;
	}

	/**
	 * Creates a template whose failure logs leave out the record.
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param producerFactory the producer factory
	 * @return the template
	 */
	public static <K, V> KafkaTemplate<K, V> withoutContentInLogs(ProducerFactory<K, V> producerFactory) {
		KafkaTemplate<K, V> template = new KafkaTemplate<>(producerFactory);
		LoggingProducerListener<K, V> listener = new LoggingProducerListener<>();
		listener.setIncludeContents(false);
		template.setProducerListener(listener);
		return template;
	}

}
