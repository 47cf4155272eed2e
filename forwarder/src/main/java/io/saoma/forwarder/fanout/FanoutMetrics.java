package io.saoma.forwarder.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.schemas.Topics;

/**
 * Counts {@code forwarder.fanout} by {@code topic}: one per record published to the topic
 * of its type, or to {@code wechat.forwarder.dlt}; and
 * {@code forwarder.fanout.duplicates} by {@code topic}: repeated deliveries of a push
 * that were dropped. Every topic's counter exists from the start, so dashboards show
 * zeros instead of gaps. Counts include work redone after an aborted transaction, so they
 * can run slightly high after a failure.
 */
public final class FanoutMetrics {

	static final String ROUTED = "forwarder.fanout";

	static final String DUPLICATES = "forwarder.fanout.duplicates";

	private final MeterRegistry registry;

	public FanoutMetrics(MeterRegistry registry) {
		this.registry = registry;
		FanoutTopics.targets().forEach(this::counter);
	}

	void routed(String topic) {
		counter(topic).increment();
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
