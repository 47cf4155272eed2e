package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import reactor.netty.resources.ConnectionProvider;

/**
 * The HTTP connection pool every relay consumer shares: one connection per call that may
 * be made at once: the relays in flight of the main and retry topics
 * ({@code forwarder.relay.in-flight}), one waiting consumer per account and the
 * dead-letter re-drive (these two make one call at a time). Idle connections are closed
 * in the background before the endpoint or a proxy drops them.
 */
public final class RelayHttpPool {

	private RelayHttpPool() {
	}

	/**
	 * How many consumers may call an endpoint at the same time.
	 * @param properties the relay settings
	 * @return the number
	 */
	public static int callers(ForwarderProperties properties) {
		return properties.relay().inFlight() + properties.accounts().size() + 1;
	}

	/**
	 * How many retry topics spring-kafka declares for these retries: one per distinct
	 * back-off delay (the same delays share a topic).
	 * @param retry the retry settings
	 * @return the number of retry topics
	 */
	static int retryTopics(ForwarderProperties.Retry retry) {
		Set<Long> delays = new LinkedHashSet<>();
		double delay = retry.initialDelay().toMillis();
		for (int i = 1; i < retry.attempts(); i++) {
			delays.add((long) Math.min(delay, retry.maxDelay().toMillis()));
			delay *= retry.multiplier();
		}
		return delays.size();
	}

	/**
	 * Builds the pool.
	 * @param properties the relay settings
	 * @return the pool
	 */
	public static ConnectionProvider create(ForwarderProperties properties) {
		ForwarderProperties.Pool pool = properties.relay().pool();
		int maxConnections = (pool.maxConnections() > 0) ? pool.maxConnections() : callers(properties);
		int pending = (pool.pendingAcquireMaxCount() > 0) ? pool.pendingAcquireMaxCount() : maxConnections;
		Duration acquireTimeout = pool.pendingAcquireTimeout().isZero() ? properties.relay().timeout()
				: pool.pendingAcquireTimeout();
		return ConnectionProvider.builder("authing-relay")
			.maxConnections(maxConnections)
			.pendingAcquireMaxCount(pending)
			.pendingAcquireTimeout(acquireTimeout)
			.maxIdleTime(pool.maxIdleTime())
			.maxLifeTime(pool.maxLifeTime())
			.evictInBackground(pool.evictionInterval())
			.metrics(true)
			.build();
	}

}
