package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.saoma.common.StartupFailureException;
import io.saoma.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads how many partitions {@code wechat.qr-tickets} has, because scans are re-keyed by
 * ticket onto exactly as many partitions: that is what makes a scan meet its ticket in
 * the same task.
 */
public final class TicketPartitions {

	private TicketPartitions() {
	}

	/**
	 * Describes the tickets topic.
	 * @param admin an admin client
	 * @param timeout how long to wait for the cluster
	 * @return its partition count
	 * @throws StartupFailureException with a clear message if the topic is missing or the
	 * cluster does not answer
	 */
	public static int of(Admin admin, Duration timeout) {
		try {
			return admin
				.describeTopics(List.of(Topics.Names.QR_TICKETS),
						new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
				.allTopicNames()
				.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
				.get(Topics.Names.QR_TICKETS)
				.partitions()
				.size();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				throw new StartupFailureException("Topic " + Topics.Names.QR_TICKETS + " does not exist.",
						"Create it compacted, with as many partitions as login-processor instances you may run, before"
								+ " starting (see the README's topic table).");
			}
			throw new StartupFailureException("Cannot describe topic " + Topics.Names.QR_TICKETS + ": " + ex.getCause(),
					"Check spring.kafka.bootstrap-servers and the cluster's health.", ex);
		}
		catch (TimeoutException ex) {
			throw new StartupFailureException("The Kafka cluster did not answer within " + timeout + ".",
					"Check spring.kafka.bootstrap-servers and the cluster's health.", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while describing " + Topics.Names.QR_TICKETS, ex);
		}
	}

}
