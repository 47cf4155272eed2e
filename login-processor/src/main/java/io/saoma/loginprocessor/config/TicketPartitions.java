package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;

import io.saoma.common.StartupFailureException;
import io.saoma.schemas.Topics;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Reads how many partitions {@code wechat.qr-tickets} has, because scans are re-keyed by
 * ticket onto exactly as many partitions: that is what makes a scan meet its ticket in
 * the same task.
 */
public final class TicketPartitions {

	private TicketPartitions() {
	}

	/**
	 * Describes the tickets topic, waiting for the cluster at most
	 * {@code spring.kafka.admin.operation-timeout}.
	 * @param admin the admin
	 * @return its partition count
	 * @throws StartupFailureException with a clear message if the topic is missing or the
	 * cluster does not answer
	 */
	public static int of(KafkaAdmin admin) {
		try {
			return count(admin, Topics.Names.QR_TICKETS)
				.orElseThrow(() -> new StartupFailureException("Topic " + Topics.Names.QR_TICKETS + " does not exist.",
						"Create it compacted, with as many partitions as login-processor instances you may run, before"
								+ " starting (see the README's topic table)."));
		}
		catch (KafkaException ex) {
			throw unreachable(admin, "Cannot describe topic " + Topics.Names.QR_TICKETS, ex,
					"Check spring.kafka.bootstrap-servers and the cluster's health.");
		}
	}

	/**
	 * The partition count of a topic.
	 * @param admin the admin
	 * @param topic the topic
	 * @return the count, or empty if the topic does not exist
	 * @throws KafkaException if the cluster cannot tell
	 */
	static OptionalInt count(KafkaAdmin admin, String topic) {
		try {
			return OptionalInt.of(admin.describeTopics(topic).get(topic).partitions().size());
		}
		catch (KafkaException ex) {
			if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof UnknownTopicOrPartitionException) {
				return OptionalInt.empty();
			}
			throw ex;
		}
	}

	/**
	 * Why the cluster could not answer, for an operator.
	 * @param admin the admin
	 * @param what what could not be done
	 * @param failure the admin's failure
	 * @param hint what to check
	 * @return the failure to start
	 */
	static StartupFailureException unreachable(KafkaAdmin admin, String what, KafkaException failure, String hint) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		if (cause instanceof TimeoutException) {
			return new StartupFailureException(
					"The Kafka cluster did not answer within " + Duration.ofSeconds(admin.getOperationTimeout()) + ".",
					"Check spring.kafka.bootstrap-servers and the cluster's health.", failure);
		}
		return new StartupFailureException(what + ": " + cause, hint, failure);
	}

}
