package io.saoma.loginprocessor.topology;

import java.time.Duration;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginFunnel;
import io.saoma.schemas.login.LoginResult;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The login funnel: the tickets the login topology reads and the results its matcher
 * decides become {@link FunnelStep}s at their event time ({@link FunnelSteps}), re-keyed
 * by account through the repartition topic {@value #FUNNEL_BY_ACCOUNT} (the only extra
 * hop), and counted per account in tumbling windows of each configured size, each in a
 * queryable window store ({@link FunnelSettings#storeName}). Every update of a window is
 * published to the compacted {@code wechat.login-funnel} ({@link FunnelRecords#key}), in
 * the same exactly-once transactions as everything else of the login processor.
 * <p>
 * Late steps: a window accepts steps until the stream time of its task passes its end
 * plus the grace; a step that arrives later is dropped by Kafka Streams (counted in its
 * {@code dropped-records} metric), and its window's published count stays as it was.
 */
public final class FunnelTopology {

	/**
	 * The repartition topic's name inside the application id:
	 * {@code <application.id>-funnel-by-account-repartition}.
	 */
	public static final String FUNNEL_BY_ACCOUNT = "funnel-by-account";

	private FunnelTopology() {
	}

	/**
	 * Adds the sub-topology to a builder.
	 * @param settings the windows and grace
	 * @param tickets the {@code wechat.qr-tickets} records as read (bytes, tombstones
	 * included)
	 * @param logins the results the matcher decides
	 */
	static void addTo(FunnelSettings settings, KStream<byte[], byte[]> tickets, KStream<String, LoginResult> logins) {
		KStream<String, FunnelSteps.Timed> started = tickets.flatMap((ticket, bytes) -> FunnelSteps.ofTicket(bytes),
				Named.as("funnel-started"));
		KStream<String, FunnelSteps.Timed> decided = logins.flatMap((loginId, result) -> FunnelSteps.ofResult(result),
				Named.as("funnel-decided"));
		KGroupedStream<String, FunnelStep> byAccount = started.merge(decided, Named.as("funnel-steps"))
			.process(FunnelSteps.EventTime::new, Named.as("funnel-event-time"))
			.groupByKey(Grouped.with(FUNNEL_BY_ACCOUNT, Serdes.String(), FunnelStep.SERDE));
		for (Duration window : settings.windows()) {
			String label = FunnelSettings.label(window);
			byAccount.windowedBy(TimeWindows.ofSizeAndGrace(window, settings.grace()))
				.aggregate(FunnelRecords::empty, (account, step, funnel) -> FunnelRecords.add(step, funnel),
						Named.as("funnel-" + label + "-counts"),
						Materialized
							.<String, LoginFunnel, WindowStore<Bytes, byte[]>>as(FunnelSettings.storeName(window))
							.withKeySerde(Serdes.String())
							.withValueSerde(AvroSerdes.loginFunnel())
							.withRetention(settings.retention(window)))
				.toStream(Named.as("funnel-" + label + "-updates"))
				.map((windowed, counts) -> {
					LoginFunnel funnel = FunnelRecords.complete(windowed.key(), label, windowed.window().start(),
							windowed.window().end(), counts);
					return KeyValue.pair(FunnelRecords.key(funnel), funnel);
				}, Named.as("funnel-" + label + "-records"))
				.to(Topics.LOGIN_FUNNEL.name(), Topics.LOGIN_FUNNEL.produced().withName("funnel-" + label + "-sink"));
		}
	}

}
