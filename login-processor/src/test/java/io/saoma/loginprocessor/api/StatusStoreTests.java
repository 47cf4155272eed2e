package io.saoma.loginprocessor.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link StatusStore} over spring-kafka's interactive query service: it answers where a
 * login lives, and says at once, without retrying, when Kafka Streams cannot tell (a
 * request thread never waits for a rebalance).
 */
class StatusStoreTests {

	private static final HostInfo SELF = new HostInfo("10.0.0.1", 8082);

	private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8082);

	private final QueriedStreams streams = new QueriedStreams();

	private final StatusStore store = new StatusStore(StatusStore.queries(new StreamsBuilderFactoryBean() {

		@Override
		public synchronized KafkaStreams getKafkaStreams() {
			return StatusStoreTests.this.streams;
		}

	}), SELF);

	@AfterEach
	void close() {
		this.streams.close();
	}

	@Test
	void shouldSayWhichOtherInstanceOwnsALogin() {
		this.streams.owner.set(metadata(OTHER));
		assertThat(this.store.remoteOwnerOf("login-1")).isEqualTo(OTHER);
	}

	@Test
	void shouldSayNoOtherInstanceWhenThisOneOwnsALogin() {
		this.streams.owner.set(metadata(SELF));
		assertThat(this.store.remoteOwnerOf("login-1")).isNull();
	}

	@Test
	void shouldSayAtOnceThatTheOwnerIsNotKnownWhileRebalancing() {
		this.streams.owner.set(KeyQueryMetadata.NOT_AVAILABLE);
		assertThatExceptionOfType(StatusStore.UnavailableException.class)
			.isThrownBy(() -> this.store.remoteOwnerOf("login-1"))
			.withMessageContaining("not known yet");
		this.streams.owner.set(null);
		assertThatExceptionOfType(StatusStore.UnavailableException.class)
			.isThrownBy(() -> this.store.remoteOwnerOf("login-1"));
		assertThat(this.streams.queries).as("asked once each, never retried").hasValue(2);
	}

	@Test
	void shouldSayAtOnceThatTheStoreCannotBeReadWhileItRestores() {
		assertThatExceptionOfType(StatusStore.UnavailableException.class).isThrownBy(() -> this.store.get("login-1"))
			.withMessageContaining("InvalidStateStoreException");
		assertThat(this.streams.queries).as("asked once, never retried").hasValue(1);
	}

	@Test
	void shouldSayThatKafkaStreamsIsNotThereBeforeItStarted() {
		StatusStore beforeStart = new StatusStore(StatusStore.queries(new StreamsBuilderFactoryBean()), SELF);
		assertThatExceptionOfType(StatusStore.UnavailableException.class)
			.isThrownBy(() -> beforeStart.remoteOwnerOf("login-1"));
		assertThatExceptionOfType(StatusStore.UnavailableException.class).isThrownBy(() -> beforeStart.get("login-1"));
	}

	private static KeyQueryMetadata metadata(HostInfo owner) {
		return new KeyQueryMetadata(owner, Set.of(), 0);
	}

	/**
	 * A Kafka Streams that is never started: its answers are set by the test, and every
	 * query is counted.
	 */
	private static final class QueriedStreams extends KafkaStreams {

		final AtomicReference<KeyQueryMetadata> owner = new AtomicReference<>();

		final AtomicInteger queries = new AtomicInteger();

		QueriedStreams() {
			super(topology(), config());
		}

		@Override
		public <K> KeyQueryMetadata queryMetadataForKey(String storeName, K key, Serializer<K> keySerializer) {
			this.queries.incrementAndGet();
			return this.owner.get();
		}

		@Override
		public <T> T store(StoreQueryParameters<T> parameters) {
			this.queries.incrementAndGet();
			throw new InvalidStateStoreException("the store is restoring");
		}

		private static Topology topology() {
			StreamsBuilder builder = new StreamsBuilder();
			builder.stream("in");
			return builder.build();
		}

		private static Properties config() {
			Properties config = new Properties();
			config.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-store-tests");
			config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
			try {
				Path stateDir = Files.createTempDirectory("status-store-tests");
				config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			return config;
		}

	}

}
