package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.Map;

import io.saoma.common.InvalidConfigurationException;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How many records one poll of a relay consumer may return. Each record may hold the
 * consumer's thread for up to {@code forwarder.relay.timeout}: the time to get one of the
 * {@code forwarder.relay.in-flight} slots ({@link RelayLanes}; the relay itself then runs
 * beside the consumer, one attempt per call, a failure retried through the retry topics),
 * and a consumer that does not poll again within {@code max.poll.interval.ms} is dropped
 * from its group: its commit fails and the whole batch is relayed again, for ever if
 * Authing stays slow. So one poll's records, at the relay timeout each, must fit in half
 * of {@code max.poll.interval.ms} (the other half is the margin for the hand-off to the
 * retry topics, commits and rebalances). While the relays of a poll are still running the
 * consumer is paused, and keeps polling.
 */
public final class RelayPollBudget {

	/** The spring property of {@code max.poll.records}. */
	static final String MAX_POLL_RECORDS_PROPERTY = "spring.kafka.consumer.max-poll-records";

	/** How {@code max.poll.interval.ms} is set for the forwarder. */
	static final String MAX_POLL_INTERVAL_PROPERTY = "spring.kafka.consumer.properties[max.poll.interval.ms]";

	/**
	 * Kafka's default {@code max.poll.records}: never more, even with a short timeout.
	 */
	static final int KAFKA_DEFAULT_MAX_POLL_RECORDS = 500;

	/** Kafka's default {@code max.poll.interval.ms}. */
	static final Duration KAFKA_DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

	private RelayPollBudget() {
	}

	/**
	 * The largest {@code max.poll.records} whose relays, at the timeout each, fit in half
	 * of the poll interval.
	 * @param timeout the relay timeout
	 * @param maxPollInterval {@code max.poll.interval.ms}
	 * @return the number of records, at least 1 and at most Kafka's default (500)
	 * @throws InvalidConfigurationException if not even one relay fits
	 */
	public static int maxPollRecords(Duration timeout, Duration maxPollInterval) {
		long records = (maxPollInterval.toMillis() / 2) / Math.max(1, timeout.toMillis());
		if (records < 1) {
			throw new InvalidConfigurationException("forwarder.relay.timeout", "(" + timeout
					+ ") is longer than half of max.poll.interval.ms (" + maxPollInterval
					+ "): a consumer waiting on one slow relay is dropped from its group and relays its records again",
					"Lower forwarder.relay.timeout or raise " + MAX_POLL_INTERVAL_PROPERTY + ".");
		}
		return (int) Math.min(records, KAFKA_DEFAULT_MAX_POLL_RECORDS);
	}

	/**
	 * Sets {@code max.poll.records} of a relay consumer: the largest that fits when it is
	 * not configured, the configured one when it fits.
	 * @param consumerConfig the consumer's configuration, changed in place
	 * @param timeout the relay timeout
	 * @return the {@code max.poll.records} set
	 * @throws InvalidConfigurationException if the relay timeout or the configured
	 * {@code max.poll.records} does not fit in half of {@code max.poll.interval.ms}
	 */
	public static int apply(Map<String, Object> consumerConfig, Duration timeout) {
		Duration interval = Duration.ofMillis(longValue(consumerConfig, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
				MAX_POLL_INTERVAL_PROPERTY, KAFKA_DEFAULT_MAX_POLL_INTERVAL.toMillis()));
		int largest = maxPollRecords(timeout, interval);
		Object configured = consumerConfig.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
		if (configured == null) {
			consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, largest);
			return largest;
		}
		long records = longValue(consumerConfig, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS_PROPERTY, 0);
		if (records > largest) {
			throw new InvalidConfigurationException(MAX_POLL_RECORDS_PROPERTY, "(" + records
					+ ") is too large for forwarder.relay.timeout (" + timeout + ") and max.poll.interval.ms ("
					+ interval + "): the relays of one poll may outlast half of"
					+ " the interval, and a consumer that does not poll in time is dropped and relays the batch again",
					"Set it to at most " + largest + " or leave it unset, lower forwarder.relay.timeout, or raise "
							+ MAX_POLL_INTERVAL_PROPERTY + ".");
		}
		return (int) records;
	}

	private static long longValue(Map<String, Object> config, String key, String property, long defaultValue) {
		Object value = config.get(key);
		if (value == null) {
			return defaultValue;
		}
		try {
			long parsed = (value instanceof Number number) ? number.longValue()
					: Long.parseLong(value.toString().trim());
			if (parsed < 1) {
				throw new NumberFormatException();
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new InvalidConfigurationException(property, "is not a positive whole number", "Fix or remove it.");
		}
	}

}
