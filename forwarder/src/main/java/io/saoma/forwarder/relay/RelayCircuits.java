package io.saoma.forwarder.relay;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Resilience4j circuit breaker per account (each account has its own Authing
 * endpoint), named by the account id: after {@code forwarder.circuit.failure-threshold}
 * consecutive failures (a count-based window of that size, all of it failed) it opens;
 * after {@code forwarder.circuit.open-duration} it half-opens by itself and lets one call
 * through as a probe, whose success closes it and whose failure opens it again. Only
 * {@link RelayFailure.Retryable} counts as a failure; a {@link RelayFailure.Rejected}
 * push says nothing about the endpoint and is ignored. Metrics:
 * {@code resilience4j_circuitbreaker_state{name=<account>}} and the others of
 * resilience4j-micrometer.
 */
public class RelayCircuits {

	private static final Logger logger = LoggerFactory.getLogger(RelayCircuits.class);

	private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();

	private final CircuitBreakerRegistry registry;

	public RelayCircuits(Collection<String> accounts, ForwarderProperties.Circuit circuit, Clock clock) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindow(circuit.failureThreshold(), circuit.failureThreshold(), SlidingWindowType.COUNT_BASED)
			.failureRateThreshold(100)
			.waitDurationInOpenState(circuit.openDuration())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.permittedNumberOfCallsInHalfOpenState(1)
			.recordExceptions(RelayFailure.Retryable.class)
			.ignoreExceptions(RelayFailure.Rejected.class)
			.writableStackTraceEnabled(false)
			.clock(clock)
			.build();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
		for (String account : accounts) {
			CircuitBreaker breaker = registry.circuitBreaker(account);
			breaker.getEventPublisher().onStateTransition((event) -> log(account, event.getStateTransition()));
			this.breakers.put(account, breaker);
		}
		this.registry = registry;
	}

	/**
	 * The circuit of an account.
	 * @param account the account id
	 * @return its circuit breaker
	 * @throws IllegalArgumentException for an account without a relay
	 */
	public CircuitBreaker of(String account) {
		CircuitBreaker breaker = this.breakers.get(account);
		if (breaker == null) {
			throw new IllegalArgumentException("no relay for account " + account);
		}
		return breaker;
	}

	/**
	 * Every account's circuit, in configuration order.
	 * @return the circuits by account id
	 */
	public Map<String, CircuitBreaker> all() {
		return java.util.Collections.unmodifiableMap(this.breakers);
	}

	/**
	 * Calls back on every change of an account's circuit, with the state it went to.
	 * @param listener gets the account and its new state
	 */
	public void onStateChange(BiConsumer<String, CircuitBreaker.State> listener) {
		this.breakers.forEach((account, breaker) -> breaker.getEventPublisher()
			.onStateTransition((event) -> listener.accept(account, event.getStateTransition().getToState())));
	}

	/**
	 * Publishes the circuits' state and calls in Micrometer.
	 * @param meters the registry
	 */
	public void bindTo(MeterRegistry meters) {
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.registry).bindTo(meters);
	}

	/**
	 * Whether a state lets calls through as usual.
	 * @param state the state
	 * @return {@code true} for closed (and the states that never refuse)
	 */
	static boolean isHealthy(CircuitBreaker.State state) {
		return state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.DISABLED
				|| state == CircuitBreaker.State.METRICS_ONLY;
	}

	private static void log(String account, CircuitBreaker.StateTransition transition) {
		switch (transition.getToState()) {
			case OPEN, FORCED_OPEN -> {
				if (transition.getFromState() == CircuitBreaker.State.HALF_OPEN) {
					logger.debug("Circuit of account {}: the probe failed, open again", account);
				}
				else {
					logger.warn("Circuit of account {} opened: its endpoint keeps failing; its relays wait in {} "
							+ "without calling it", account, RelayWaitingRoom.topic(account));
				}
			}
			case HALF_OPEN -> logger.debug("Circuit of account {}: half-open, one relay probes the endpoint", account);
			default -> logger.info("Circuit of account {} {}: relaying", account, transition.getToState());
		}
	}

}
