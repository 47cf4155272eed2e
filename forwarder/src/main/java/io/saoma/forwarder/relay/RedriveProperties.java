package io.saoma.forwarder.relay;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("forwarder.redrive")
public record RedriveProperties(
		@DefaultValue("60s") @DurationMin(seconds = 1, message = "must be between 1s and 1h") @DurationMax(hours = 1,
				message = "must be between 1s and 1h") Duration timeBudget,
		@DefaultValue("saoma-forwarder-redrive") @NotBlank(message = "must not be empty") String group,
		@DefaultValue("10") @Min(value = 1, message = "must be between 1 and 500") @Max(value = 500,
				message = "must be between 1 and 500") int maxPollRecords) {

}
