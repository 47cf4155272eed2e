package io.saoma.loginprocessor.topology;

import io.saoma.common.streams.DeadLetterCounter;
import io.saoma.common.streams.DecodeOrDeadLetter;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The status sub-topology: {@code wechat.login-status} and
 * {@code wechat.login-redemptions} (co-partitioned, both keyed by loginId) meet in the
 * {@link StatusProcessor}, which keeps the queryable store
 * {@value LoginTopology#LOGIN_STATUS_STORE} and writes the REDEEMED statuses it decides
 * back to {@code wechat.login-status}.
 */
public final class StatusTopology {

	private static final Serde<String> KEYS = Serdes.String();

	private StatusTopology() {
	}

	/**
	 * Adds the sub-topology to a builder.
	 * @param builder the builder
	 * @param listener told about every status change
	 * @param deadLetters where undecodable status records and redemption requests are
	 * counted, or {@code null}
	 */
	public static void addTo(StreamsBuilder builder, StatusListener listener, DeadLetterCounter deadLetters) {
		// a timestamped store, as the KTable of earlier versions had: an upgrade keeps
		// the store and its changelog
		builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(
				Stores.persistentTimestampedKeyValueStore(LoginTopology.LOGIN_STATUS_STORE), KEYS,
				AvroSerdes.loginStatus()));
		builder.addStateStore(
				Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StatusProcessor.CLAIMS_STORE), KEYS, KEYS));
		KStream<String, StatusProcessor.Input> statuses = DecodeOrDeadLetter
			.stream(builder, Topics.LOGIN_STATUS, "status", Topics.LOGIN_PROCESSOR_DLT, deadLetters)
			.mapValues(StatusProcessor.Input::status, Named.as("status-as-input"));
		KStream<String, StatusProcessor.Input> requests = DecodeOrDeadLetter
			.stream(builder, Topics.LOGIN_REDEMPTIONS, "redemptions", Topics.LOGIN_PROCESSOR_DLT, deadLetters)
			.filter((loginId, request) -> request != null, Named.as("redemptions-not-tombstones"))
			.mapValues(StatusProcessor.Input::request, Named.as("redemptions-as-input"));
		statuses.merge(requests, Named.as("status-inputs"))
			.process(() -> new StatusProcessor(listener), Named.as("status-owner"), LoginTopology.LOGIN_STATUS_STORE,
					StatusProcessor.CLAIMS_STORE)
			.to(Topics.LOGIN_STATUS.name(), Topics.LOGIN_STATUS.produced().withName("redeemed-status-sink"));
	}

}
