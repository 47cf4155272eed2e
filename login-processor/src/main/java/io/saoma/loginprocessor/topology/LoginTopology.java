package io.saoma.loginprocessor.topology;

import io.saoma.common.streams.DecodeOrDeadLetter;
import io.saoma.schemas.AvroSerde;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The login topology. Scans ({@code wechat.events}, keyed by user) are re-keyed by ticket once, the only
 * repartition between a scan and its result, and meet their ticket ({@code wechat.qr-tickets}, keyed by ticket) in
 * the {@link TicketMatcher}, which writes results to {@code wechat.logins}, browser states to
 * {@code wechat.login-status} and tombstones of used tickets in one transaction. A second sub-topology
 * ({@link StatusTopology}) materializes {@code wechat.login-status} into the queryable store
 * {@value #LOGIN_STATUS_STORE} and decides redemptions. Every processor, store and
 * repartition topic is named, so upgrades keep their state.
 */
public final class LoginTopology {

	/** Pending tickets by ticket. */
	public static final String PENDING_TICKETS = "pending-tickets";

	/** Used tickets by ticket, remembered until they would have expired, to reject later scans. */
	public static final String USED_TICKETS = "used-tickets";

	/** Scans that arrived before their ticket, by ticket and eventId. */
	public static final String HELD_SCANS = "held-scans";

	/** De-duplication keys of recent scans. */
	public static final String SEEN_SCANS = "seen-scans";

	/** The time index of all of the above. */
	public static final String DEADLINES = "login-deadlines";

	/** Browser-facing status by loginId (interactive queries). */
	public static final String LOGIN_STATUS_STORE = "login-status";

	/** The repartition topic's name inside the application id: {@code <application.id>-scans-by-ticket-repartition}. */
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
		addStores(builder);
		KStream<String, SpecificRecord> scans = decodeOrDeadLetter(builder, Topics.WECHAT_EVENTS,
				AvroSerdes.wechatEvent(), "events")
			.filter((user, event) -> LoginCandidates.isCandidate(event), Named.as("login-candidates"))
			.selectKey((user, event) -> event.getTicket(), Named.as("key-scans-by-ticket"))
			.repartition(Repartitioned.<String, WechatEvent>as(SCANS_BY_TICKET)
				.withKeySerde(KEYS)
				.withValueSerde(AvroSerdes.wechatEvent())
				.withNumberOfPartitions(settings.ticketPartitions()))
			.mapValues((event) -> (SpecificRecord) event, Named.as("scans-as-input"));
		KStream<String, SpecificRecord> tickets = decodeOrDeadLetter(builder, Topics.QR_TICKETS,
				AvroSerdes.qrTicket(), "tickets")
			.mapValues((ticket) -> (SpecificRecord) ticket, Named.as("tickets-as-input"));
		KStream<String, MatcherOutput> outputs = tickets.merge(scans, Named.as("login-inputs"))
			.process(() -> new TicketMatcher(settings, metrics), Named.as("ticket-matcher"), PENDING_TICKETS,
					USED_TICKETS, HELD_SCANS, SEEN_SCANS, DEADLINES);
		outputs.split(Named.as("matcher-"))
			.branch((key, output) -> output.target() == MatcherOutput.Target.LOGINS, Branched.withConsumer(
					(logins) -> logins.mapValues((output) -> (LoginResult) output.value(), Named.as("as-login-results"))
						.to(Topics.LOGINS, Produced.with(KEYS, AvroSerdes.loginResult()).withName("logins-sink")),
					"logins"))
			.branch((key, output) -> output.target() == MatcherOutput.Target.STATUS, Branched.withConsumer(
					(status) -> status.mapValues((output) -> (LoginStatus) output.value(), Named.as("as-login-status"))
						.to(Topics.LOGIN_STATUS, Produced.with(KEYS, AvroSerdes.loginStatus()).withName("status-sink")),
					"status"))
			.branch((key, output) -> output.target() == MatcherOutput.Target.TICKETS, Branched.withConsumer(
					(used) -> used.mapValues((output) -> (QrTicket) output.value(), Named.as("as-ticket-tombstones"))
						.to(Topics.QR_TICKETS, Produced.with(KEYS, AvroSerdes.qrTicket()).withName("ticket-tombstones-sink")),
					"tickets"))
			.noDefaultBranch();
		StatusTopology.addTo(builder, listener);
	}

	private static void addStores(StreamsBuilder builder) {
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_TICKETS), KEYS,
				AvroSerdes.qrTicket()));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USED_TICKETS), KEYS,
				AvroSerdes.loginResult()));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HELD_SCANS), KEYS,
				AvroSerdes.wechatEvent()));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_SCANS), KEYS,
				Serdes.Long()));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINES), Serdes.Bytes(),
				Serdes.ByteArray()));
	}

	private static <T extends SpecificRecord> KStream<String, T> decodeOrDeadLetter(StreamsBuilder builder,
			String topic, AvroSerde<T> serde, String name) {
		return DecodeOrDeadLetter.stream(builder, topic, serde, name, Topics.LOGIN_PROCESSOR_DLT);
	}

}
