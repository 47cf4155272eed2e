package io.saoma.loginprocessor.api;

import io.saoma.loginprocessor.topology.LoginTopology;
import io.saoma.schemas.login.LoginStatus;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Interactive queries of the {@value LoginTopology#LOGIN_STATUS_STORE} store: which
 * instance owns a login, and its status when this instance does. Never blocks: while
 * Kafka Streams rebalances or restores, it says so ({@link UnavailableException}) and the
 * caller answers 503.
 */
public class StatusStore {

	private static final StringSerializer KEYS = new StringSerializer();

	private final StreamsBuilderFactoryBean streams;

	private final HostInfo self;

	public StatusStore(StreamsBuilderFactoryBean streams, HostInfo self) {
		this.streams = streams;
		this.self = self;
	}

	/**
	 * Where a login's status lives.
	 * @param loginId the login
	 * @return {@code null} if this instance owns it, else the owner
	 * @throws UnavailableException while ownership is not known
	 */
	public HostInfo remoteOwnerOf(String loginId) {
		KeyQueryMetadata metadata = running().queryMetadataForKey(LoginTopology.LOGIN_STATUS_STORE, loginId, KEYS);
		if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE || metadata.activeHost() == null) {
			throw new UnavailableException("the owner of this login is not known yet (rebalancing)");
		}
		return metadata.activeHost().equals(this.self) ? null : metadata.activeHost();
	}

	/**
	 * Reads a login's status on its owner.
	 * @param loginId the login
	 * @return the status, or {@code null} if there is none
	 * @throws UnavailableException while the store is restoring or migrating
	 */
	public LoginStatus get(String loginId) {
		try {
			ReadOnlyKeyValueStore<String, LoginStatus> store = running().store(StoreQueryParameters.fromNameAndType(
					LoginTopology.LOGIN_STATUS_STORE, QueryableStoreTypes.<String, LoginStatus>keyValueStore()));
			return store.get(loginId);
		}
		catch (InvalidStateStoreException ex) {
			throw new UnavailableException(
					"the status store is not queryable right now (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * This instance's {@code application.server}.
	 * @return the host info
	 */
	public HostInfo self() {
		return this.self;
	}

	private KafkaStreams running() {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		if (kafkaStreams == null || !kafkaStreams.state().isRunningOrRebalancing()) {
			throw new UnavailableException("Kafka Streams is not running");
		}
		return kafkaStreams;
	}

	/**
	 * The store cannot answer now; try again shortly.
	 */
	public static class UnavailableException extends RuntimeException {

		UnavailableException(String message) {
			super(message);
		}

	}

}
