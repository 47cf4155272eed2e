package io.saoma.loginprocessor.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.saoma.common.streams.DecodeOrDeadLetter;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.LoginScans;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The login topology. Scans ({@code wechat.events}, keyed by user) are re-keyed by ticket
 * once, the only repartition between a scan and its result, and meet their ticket
 * ({@code wechat.qr-tickets}, keyed by ticket) in the {@link TicketMatcher}, which writes
 * results to {@code wechat.logins}, browser states to {@code wechat.login-status} and
 * tombstones of used and expired tickets in one transaction; a record it cannot decode or
 * fails on goes, as read, to {@code wechat.login-processor.dlt} in the same transaction
 * ({@link MatcherGuard}). A second sub-topology ({@link StatusTopology}) materializes
 * {@code wechat.login-status} into the queryable store {@value #LOGIN_STATUS_STORE} and
 * decides redemptions. A third ({@link FunnelTopology}) counts the login funnel per
 * account and window into {@code wechat.login-funnel}. Every processor, store and
 * repartition topic is named, so upgrades keep their state.
 */
public final class LoginTopology {

	/** Pending tickets by ticket. */
	public static final String PENDING_TICKETS = "pending-tickets";

	/**
	 * Used tickets by ticket, with the result they gave, remembered until their expiry
	 * plus the scan grace, so that a later scan is rejected rather than held.
	 */
	public static final String USED_TICKETS = "used-tickets";

	/**
	 * Scans that arrived before their ticket, by ticket and their offset in the
	 * repartition topic ({@link HeldScans}).
	 */
	public static final String HELD_SCANS = "held-scans";

	/**
	 * When each recent scan was first seen, by de-duplication key ({@link SeenScans}).
	 */
	public static final String SEEN_SCANS = "seen-scans";

	/**
	 * The time index of all of the above, and of statuses to remove ({@link Deadlines}).
	 */
	public static final String DEADLINES = "login-deadlines";

	/** Browser-facing status by loginId (interactive queries). */
	public static final String LOGIN_STATUS_STORE = "login-status";

	/**
	 * The repartition topic's name inside the application id:
	 * {@code <application.id>-scans-by-ticket-repartition}.
	 */
	public static final String SCANS_BY_TICKET = "scans-by-ticket";

	private static final Serde<String> KEYS = Serdes.String();

	private LoginTopology() {
	}

	/**
	 * Adds the topology to a builder.
	 * @param builder the builder (Spring's, or a test's)
	 * @param settings the settings
	 * @param metrics where the matcher counts
	 * @param listener told about every status change
	 */
	public static void addTo(StreamsBuilder builder, LoginTopologySettings settings, MatcherMetrics metrics,
			StatusListener listener) {
		addTo(builder, settings, FunnelSettings.defaults(), metrics, listener);
	}

	/**
	 * Adds the topology, with the login funnel ({@link FunnelTopology}), to a builder.
	 * @param builder the builder (Spring's, or a test's)
	 * @param settings the settings
	 * @param funnel the funnel's windows
	 * @param metrics where the matcher counts
	 * @param listener told about every status change
	 */
	public static void addTo(StreamsBuilder builder, LoginTopologySettings settings, FunnelSettings funnel,
			MatcherMetrics metrics, StatusListener listener) {
		addStores(builder);
		// scans travel to the matcher as the bytes the Avro serde writes (the repartition
		// topic's format is unchanged), so that the matcher's guard can dead-letter a
		// record exactly as it read it
		KStream<byte[], MatcherInput> scans = DecodeOrDeadLetter
			.stream(builder, Topics.WECHAT_EVENTS, "events", Topics.LOGIN_PROCESSOR_DLT, metrics.deadLetters())
			.filter((user, event) -> LoginScans.isLoginScan(event), Named.as("login-candidates"))
			.map((user, event) -> KeyValue.pair(event.getTicket().getBytes(StandardCharsets.UTF_8),
					AvroSerdes.wechatEvent().encode(event)), Named.as("key-scans-by-ticket"))
			.repartition(Repartitioned.<byte[], byte[]>as(SCANS_BY_TICKET)
				.withKeySerde(Serdes.ByteArray())
				.withValueSerde(Serdes.ByteArray())
				.withNumberOfPartitions(settings.ticketPartitions()))
			.mapValues(MatcherInput::scan, Named.as("scans-as-input"));
		KStream<byte[], byte[]> ticketRecords = builder.stream(Topics.QR_TICKETS.name(),
				Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("tickets-source"));
		KStream<byte[], MatcherInput> tickets = ticketRecords.mapValues(MatcherInput::ticket,
				Named.as("tickets-as-input"));
		KStream<String, MatcherOutput> outputs = tickets.merge(scans, Named.as("login-inputs"))
			.process(() -> new MatcherGuard(new TicketMatcher(settings, metrics), metrics.deadLetters()),
					Named.as("ticket-matcher"), PENDING_TICKETS, USED_TICKETS, HELD_SCANS, SEEN_SCANS, DEADLINES);
		List<KStream<String, LoginResult>> results = new ArrayList<>(1);
		outputs.split(Named.as("matcher-"))
			.branch((key, output) -> output.target() == MatcherOutput.Target.LOGINS, Branched.withConsumer((logins) -> {
				KStream<String, LoginResult> decided = logins.mapValues((output) -> (LoginResult) output.value(),
						Named.as("as-login-results"));
				decided.to(Topics.LOGINS.name(), Topics.LOGINS.produced().withName("logins-sink"));
				results.add(decided);
			}, "logins"))
			.branch((key, output) -> output.target() == MatcherOutput.Target.STATUS, Branched.withConsumer(
					(status) -> status.mapValues((output) -> (LoginStatus) output.value(), Named.as("as-login-status"))
						.to(Topics.LOGIN_STATUS.name(), Topics.LOGIN_STATUS.produced().withName("status-sink")),
					"status"))
			.branch((key, output) -> output.target() == MatcherOutput.Target.TICKETS, Branched.withConsumer(
					(used) -> used.mapValues((output) -> (QrTicket) output.value(), Named.as("as-ticket-tombstones"))
						.to(Topics.QR_TICKETS.name(), Topics.QR_TICKETS.produced().withName("ticket-tombstones-sink")),
					"tickets"))
			.branch((key, output) -> output.target() == MatcherOutput.Target.DEAD_LETTERS,
					Branched.withConsumer((dead) -> dead.map((key, output) -> {
						MatcherOutput.RawRecord raw = (MatcherOutput.RawRecord) output.value();
						return KeyValue.pair(raw.key(), raw.value());
					}, Named.as("as-matcher-dead-letters"))
						.to(Topics.LOGIN_PROCESSOR_DLT.name(),
								Topics.LOGIN_PROCESSOR_DLT.produced().withName("matcher-dlt-sink")),
							"dead-letters"))
			.noDefaultBranch();
		StatusTopology.addTo(builder, listener, metrics.deadLetters());
		// last, so that the sub-topologies above keep their numbers (and tasks their
		// state
		// directories)
		FunnelTopology.addTo(funnel, ticketRecords, results.get(0));
	}

	private static void addStores(StreamsBuilder builder) {
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_TICKETS), KEYS,
				AvroSerdes.qrTicket()));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USED_TICKETS), KEYS,
				AvroSerdes.loginResult()));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HELD_SCANS), KEYS,
				AvroSerdes.wechatEvent()));
		builder.addStateStore(
				Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_SCANS), KEYS, Serdes.Long()));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINES), Serdes.Bytes(),
				Serdes.ByteArray()));
	}

}
