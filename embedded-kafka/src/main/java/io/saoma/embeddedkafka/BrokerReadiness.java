package io.saoma.embeddedkafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Decides when a broker process is usable: it must answer {@code describeCluster} and
 * list itself as registered and unfenced. After a SIGKILL the restarted broker stays
 * fenced until the previous incarnation's session expires, and clients that connect
 * earlier only see errors. A plain TCP probe comes first, so the admin client does not
 * log a connection warning every few milliseconds while the JVM is still starting.
 */
public final class BrokerReadiness {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private static final int PROBE_TIMEOUT_MS = 2_000;

	private BrokerReadiness() {
	}

	/**
	 * Waits until the broker in {@code process} accepts connections and is registered and
	 * unfenced; fails at once, naming the log, if the process exits.
	 * @param bootstrapServers the broker's address
	 * @param nodeId the broker's node id
	 * @param process the broker's process
	 * @param workDir the broker's work directory, for failure messages
	 * @param timeout how long to wait
	 */
	public static void await(String bootstrapServers, int nodeId, Process process, BrokerWorkDir workDir,
			Duration timeout) {
		await(bootstrapServers, nodeId, () -> requireAlive(process, workDir), workDir, timeout);
	}

	/**
	 * Waits until the broker accepts connections and is registered and unfenced;
	 * {@code alive} throws (or answers {@code false}) once the broker can no longer
	 * become ready.
	 * @param bootstrapServers the broker's address
	 * @param nodeId the broker's node id
	 * @param alive whether the broker can still become ready
	 * @param workDir the broker's work directory, for failure messages
	 * @param timeout how long to wait
	 */
	public static void await(String bootstrapServers, int nodeId, BooleanSupplier alive, BrokerWorkDir workDir,
			Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Supplier<String> timedOut = () -> "Kafka broker at " + bootstrapServers
				+ " was not ready (registered and unfenced)" + " within " + timeout.toSeconds() + " s; see "
				+ workDir.logFile() + lastLines(workDir);
		Polling.until(remaining(deadline), POLL_INTERVAL,
				() -> alive.getAsBoolean() && acceptsConnections(bootstrapServers), timedOut);
		try (Admin admin = AdminClients.create(bootstrapServers)) {
			Polling.until(remaining(deadline), POLL_INTERVAL, () -> alive.getAsBoolean() && isUnfenced(admin, nodeId),
					timedOut);
		}
	}

	private static Duration remaining(long deadlineNanos) {
		return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
	}

	private static boolean requireAlive(Process process, BrokerWorkDir workDir) {
		if (!process.isAlive()) {
			throw new IllegalStateException("Kafka broker process exited with code " + process.exitValue()
					+ " before it became ready; see " + workDir.logFile() + lastLines(workDir));
		}
		return true;
	}

	private static boolean isUnfenced(Admin admin, int nodeId) {
		DescribeClusterOptions options = new DescribeClusterOptions().includeFencedBrokers(true)
			.timeoutMs(PROBE_TIMEOUT_MS);
		try {
			return admin.describeCluster(options)
				.nodes()
				.get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
				.stream()
				.anyMatch(node -> node.id() == nodeId && !node.isFenced());
		}
		catch (ExecutionException | TimeoutException e) {
			return false;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
		}
	}

	private static boolean acceptsConnections(String bootstrapServers) {
		int colon = bootstrapServers.lastIndexOf(':');
		InetSocketAddress address = new InetSocketAddress(bootstrapServers.substring(0, colon),
				Integer.parseInt(bootstrapServers.substring(colon + 1)));
		try (Socket socket = new Socket()) {
			socket.connect(address, PROBE_TIMEOUT_MS);
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	private static String lastLines(BrokerWorkDir workDir) {
		return System.lineSeparator() + "Last lines of the broker log:" + System.lineSeparator() + workDir.logTail(30);
	}

}
