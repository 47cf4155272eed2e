package io.saoma.forwarder.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.schemas.Topics;

/**
 * Counts {@code forwarder.fanout} by {@code topic}: one per record published to the topic
 * of its type, or to {@code wechat.forwarder.dlt}; and
 * {@code forwarder.fanout.duplicates} by {@code topic}: repeated deliveries of a push
 * that were dropped; and, with the JSON mirror on, {@code forwarder.fanout.json} by
 * {@code topic}: one per JSON object published to a {@code wechat.json.*} topic (kept
 * apart, so that {@code forwarder.fanout} still counts each push once). Every topic's
 * counter exists from the start, so dashboards show zeros instead of gaps. Counts include
 * work redone after an aborted transaction, so they can run slightly high after a
 * failure.
 */
public final class FanoutMetrics {

	static final String ROUTED = "forwarder.fanout";

	static final String DUPLICATES = "forwarder.fanout.duplicates";

	static final String MIRRORED = "forwarder.fanout.json";

	private final MeterRegistry registry;

	/**
	 * Metrics of a fan-out without the JSON mirror.
	 * @param registry where to count
	 */
	public FanoutMetrics(MeterRegistry registry) {
		this(registry, false);
	}

	/**
	 * Metrics of a fan-out.
	 * @param registry where to count
	 * @param jsonMirror whether the JSON mirror is on, so its counters exist from the
	 * start
	 */
	public FanoutMetrics(MeterRegistry registry, boolean jsonMirror) {
		this.registry = registry;
		FanoutTopics.targets().forEach(this::counter);
		if (jsonMirror) {
			Topics.jsonMirrorTopics().forEach(this::mirroredCounter);
		}
	}

	void routed(String topic) {
		counter(topic).increment();
	}

	/**
	 * Counts a JSON object published to the JSON mirror.
	 * @param topic its {@code wechat.json.*} topic
	 */
	void mirrored(String topic) {
		mirroredCounter(topic).increment();
	}

	private Counter mirroredCounter(String topic) {
		return Counter.builder(MIRRORED)
			.description("Records of " + Topics.Names.WECHAT_EVENTS + " published as JSON to the JSON mirror")
			.tag("topic", topic)
			.register(this.registry);
	}

	/**
	 * Counts a repeated delivery of a push that was dropped instead of published again.
	 * @param topic the topic the push went to the first time
	 */
	void duplicate(String topic) {
		Counter.builder(DUPLICATES)
			.description(
					"Repeated deliveries of a push (same dedupId within forwarder.fanout.dedup-window) not published again")
			.tag("topic", topic)
			.register(this.registry)
			.increment();
	}

	private Counter counter(String topic) {
		return Counter.builder(ROUTED)
			.description(
					"Records of " + Topics.Names.WECHAT_EVENTS + " published to their type's topic or as dead letters")
			.tag("topic", topic)
			.register(this.registry);
	}

}
