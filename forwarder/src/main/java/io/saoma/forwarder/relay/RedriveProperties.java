package io.saoma.forwarder.relay;

import java.time.Duration;

import io.saoma.common.InvalidConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The re-drive of the relay's dead letters: {@code forwarder.redrive.*}.
 *
 * @param timeBudget how long one re-drive may run; then it stops, commits what it relayed
 * and reports what remains (the request that started it waits this long at most, plus one
 * relay)
 * @param group the consumer group whose committed offsets are the re-drive's progress;
 * the broker gives each partition of the dead-letter topic to one member of it, so
 * re-drives of several instances never overlap
 * @param maxPollRecords dead letters fetched per poll: a re-drive that another request
 * joins answers it after at most this many relays
 */
@ConfigurationProperties("forwarder.redrive")
public record RedriveProperties(@DefaultValue("60s") Duration timeBudget,
		@DefaultValue("saoma-forwarder-redrive") String group, @DefaultValue("10") int maxPollRecords) {

	public RedriveProperties {
		if (timeBudget.compareTo(Duration.ofSeconds(1)) < 0 || timeBudget.compareTo(Duration.ofHours(1)) > 0) {
			throw new InvalidConfigurationException("forwarder.redrive.time-budget", "must be between 1s and 1h",
					"A re-drive answers its request when the budget is used up; run it again to go on.");
		}
		if (group == null || group.isBlank()) {
			throw new InvalidConfigurationException("forwarder.redrive.group", "must not be empty",
					"Leave it unset for saoma-forwarder-redrive.");
		}
		if (maxPollRecords < 1 || maxPollRecords > 500) {
			throw new InvalidConfigurationException("forwarder.redrive.max-poll-records", "must be between 1 and 500",
					"Leave it unset for 10.");
		}
	}

}
