package io.saoma.common;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.LoggingProducerListener;

/**
 * Kafka templates for records that hold users' data (messages, openids, login codes): a failed send is logged
 * without the record's key and value.
 */
public final class KafkaTemplates {

	private KafkaTemplates() {
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
