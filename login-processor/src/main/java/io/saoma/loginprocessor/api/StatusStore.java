package io.saoma.loginprocessor.api;

import io.saoma.loginprocessor.topology.LoginTopology;
import io.saoma.schemas.login.LoginStatus;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;

/**
 * Interactive queries of the {@value LoginTopology#LOGIN_STATUS_STORE} store, through
 * spring-kafka's {@link KafkaStreamsInteractiveQueryService}: which instance owns a
 * login, and its status when this instance does. Never blocks (the service is built
 * without retries, see {@link #queries}): while Kafka Streams is not running, rebalances
 * or restores, it says so ({@link UnavailableException}) and the caller answers 503.
 */
public class StatusStore {

	private static final StringSerializer KEYS = new StringSerializer();

	private final KafkaStreamsInteractiveQueryService queries;

	private final HostInfo self;

	/**
	 * Creates the store.
	 * @param queries the interactive queries of this instance's Kafka Streams, see
	 * {@link #queries}
	 * @param self this instance's {@code application.server}
	 */
	public StatusStore(KafkaStreamsInteractiveQueryService queries, HostInfo self) {
		this.queries = queries;
		this.self = self;
	}

	/**
	 * The interactive queries of a Kafka Streams, answering at once: a query that cannot
	 * be answered now fails instead of being retried (the service's default retries would
	 * hold the request thread for seconds).
	 * @param streams the Kafka Streams
	 * @return the service
	 */
	public static KafkaStreamsInteractiveQueryService queries(StreamsBuilderFactoryBean streams) {
		KafkaStreamsInteractiveQueryService queries = new KafkaStreamsInteractiveQueryService(streams);
		queries.setRetryTemplate(new RetryTemplate(RetryPolicy.withMaxRetries(0)));
		return queries;
	}

	/**
	 * Where a login's status lives.
	 * @param loginId the login
	 * @return {@code null} if this instance owns it, else the owner
	 * @throws UnavailableException while ownership is not known
	 */
	public HostInfo remoteOwnerOf(String loginId) {
		HostInfo owner;
		try {
			owner = this.queries.getKafkaStreamsApplicationHostInfo(LoginTopology.LOGIN_STATUS_STORE, loginId, KEYS);
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			throw UnavailableException.of(ex);
		}
		if (owner == null || HostInfo.unavailable().equals(owner)) {
			throw new UnavailableException("the owner of this login is not known yet (rebalancing)");
		}
		return owner.equals(this.self) ? null : owner;
	}

	/**
	 * Reads a login's status on its owner.
	 * @param loginId the login
	 * @return the status, or {@code null} if there is none
	 * @throws UnavailableException while the store is restoring or migrating
	 */
	public LoginStatus get(String loginId) {
		try {
			ReadOnlyKeyValueStore<String, LoginStatus> store = this.queries
				.retrieveQueryableStore(LoginTopology.LOGIN_STATUS_STORE, QueryableStoreTypes.keyValueStore());
			return store.get(loginId);
		}
		catch (InvalidStateStoreException | IllegalStateException | IllegalArgumentException ex) {
			throw UnavailableException.of(ex);
		}
	}

	/**
	 * This instance's {@code application.server}.
	 * @return the host info
	 */
	public HostInfo self() {
		return this.self;
	}

	/**
	 * The store cannot answer now; try again shortly.
	 */
	public static class UnavailableException extends RuntimeException {

		UnavailableException(String message) {
			super(message);
		}

		/**
		 * Why a query failed, in words for the answer: the exception the service wrapped
		 * (e.g. {@code StreamsNotStartedException}, {@code InvalidStateStoreException}),
		 * by name only.
		 */
		static UnavailableException of(RuntimeException failure) {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
			return new UnavailableException(
					"the status store is not queryable right now (" + cause.getClass().getSimpleName() + ")");
		}

	}

}
