package io.saoma.loginprocessor;

import java.io.IOException;
import java.util.List;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Streams settings the login processor ships (its {@code login-processor.yml}) keep a
 * scan's way to its result short with exactly-once on: the stream thread comes back from
 * a poll well within a commit interval, and a transaction refused while the previous
 * one's markers are being written is retried within a commit interval too (BENCHMARKS.md,
 * "Scan to login, end to end").
 */
class ShippedStreamsLatencySettingsTests {

	private static final String STREAMS = "spring.kafka.streams.properties.";

	private static PropertySource<?> shipped;

	@BeforeAll
	static void load() throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("login-processor.yml",
				new ClassPathResource("io/saoma/loginprocessor/login-processor.yml"));
		shipped = sources.get(0);
	}

	@Test
	void exactlyOnceIsOn() {
		assertThat(value(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
	}

	@Test
	void theStreamThreadPollsForLessThanACommitInterval() {
		assertThat(number(StreamsConfig.POLL_MS_CONFIG))
			.isLessThan(number(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG) / 2);
	}

	@Test
	void aRefusedTransactionalWriteIsRetriedWithinACommitInterval() {
		assertThat(number("producer.retry.backoff.ms")).isLessThan(number(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG) / 2);
	}

	private static String value(String streamsProperty) {
		Object value = shipped.getProperty(STREAMS + streamsProperty);
		assertThat(value).as(STREAMS + streamsProperty).isNotNull();
		return value.toString();
	}

	private static long number(String streamsProperty) {
		return Long.parseLong(value(streamsProperty));
	}

}
