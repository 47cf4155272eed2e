package io.saoma.forwarder.fanout;

import java.time.Duration;
import java.util.Set;

import io.saoma.common.streams.DeadLetter;
import io.saoma.schemas.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The fan-out for analytics: every record of {@code wechat.events} is published once to
 * the topic of its type ({@link Topics#fanoutTopic}) with its key, value, headers and
 * timestamp as they were, so a team that wants only clicks reads only clicks. Repeated
 * deliveries of a push (WeChat's retries, replays: the same {@code dedupId}) within the
 * window are published once ({@link SeenPushes}). Keys are copied as bytes and
 * partitioned by the default partitioner, so one user's events stay in order. Records
 * that cannot be decoded go to {@link Topics#FORWARDER_DLT}. With the JSON mirror on,
 * each published push is also written as a JSON object ({@link WechatEventJson}) to
 * {@link Topics#jsonMirrorTopic the JSON topic of its type}, with the same key, headers
 * and timestamp, by a second sink of this topology: so in the same exactly-once
 * transaction as its Avro copy, and de-duplicated alike. Every node is named, so the
 * topology stays stable across upgrades, and turning the mirror on or off adds or removes
 * only its branch and sink.
 */
public final class FanoutTopology {

	/** The source node, reading {@code wechat.events}. */
	public static final String SOURCE = "fanout-source";

	/** The sink node that writes each record to the topic of its type. */
	public static final String SINK = "fanout-sink";

	/** The sink node that writes dead letters to {@link Topics#FORWARDER_DLT}. */
	public static final String DEAD_LETTER_SINK = "fanout-dlt-sink";

	/**
	 * The sink node that writes each JSON mirror record to the JSON topic of its type.
	 */
	public static final String JSON_SINK = "fanout-json-sink";

	private static final Serde<byte[]> BYTES = Serdes.ByteArray();

	private FanoutTopology() {
	}

	/**
	 * Adds the fan-out without the JSON mirror to a builder.
	 * @param builder the builder (Spring's, or a test's)
	 * @param metrics where routed records are counted
	 * @param dedupWindow how long a push is remembered to drop its repeated deliveries
	 */
	public static void addTo(StreamsBuilder builder, FanoutMetrics metrics, Duration dedupWindow) {
		addTo(builder, metrics, dedupWindow, false);
	}

	/**
	 * Adds the fan-out to a builder.
	 * @param builder the builder (Spring's, or a test's)
	 * @param metrics where routed records are counted
	 * @param dedupWindow how long a push is remembered to drop its repeated deliveries
	 * @param jsonMirror whether each push is also published as JSON to
	 * {@code wechat.json.*}
	 */
	public static void addTo(StreamsBuilder builder, FanoutMetrics metrics, Duration dedupWindow, boolean jsonMirror) {
		BranchedKStream<byte[], Object> branches = builder
			.stream(Topics.WECHAT_EVENTS.name(), Consumed.with(BYTES, BYTES).withName(SOURCE))
			.processValues(new FixedKeyProcessorSupplier<byte[], byte[], Object>() {

				@Override
				public FixedKeyProcessor<byte[], byte[], Object> get() {
					return new FanoutRouter(metrics, dedupWindow, jsonMirror);
				}

				@Override
				public Set<StoreBuilder<?>> stores() {
					return Set.of(SeenPushes.storeBuilder(dedupWindow));
				}

			}, Named.as("fanout-route"))
			.split(Named.as("fanout-split"))
			.branch((key, value) -> value instanceof DeadLetter,
					Branched
						.withConsumer(
								(dead) -> dead
									.mapValues((value) -> ((DeadLetter) value).bytes(),
											Named.as("fanout-dead-letter-bytes"))
									.to(Topics.FORWARDER_DLT.name(),
											Topics.FORWARDER_DLT.produced().withName(DEAD_LETTER_SINK)),
								"-dead-letters"));
		if (jsonMirror) {
			branches = branches.branch((key, value) -> value instanceof Mirrored, Branched.withConsumer(
					(mirrored) -> mirrored.mapValues((value) -> (Mirrored) value, Named.as("fanout-json-values"))
						.to(Mirrored.TOPIC, Produced.with(BYTES, Mirrored.SERDE).withName(JSON_SINK)),
					"-json"));
		}
		branches.defaultBranch(Branched
			.withConsumer((routed) -> routed.mapValues((value) -> (Routed) value, Named.as("fanout-routed-values"))
				.to(Routed.TOPIC, Produced.with(BYTES, Routed.SERDE).withName(SINK)), "-routed"));
	}

}
