package io.saoma.forwarder.relay;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.forwarder.relay.ForwarderProperties.Account;
import io.saoma.forwarder.relay.ForwarderProperties.Events;
import io.saoma.schemas.LoginScans;
import io.saoma.schemas.event.WechatEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Relays one push to its account's Authing connection, if the account has one and the
 * push is of a relayed kind. A relay is done only when the endpoint answered 2xx;
 * otherwise it fails with a {@link RelayFailure}: a push older than
 * {@code forwarder.relay.max-age} is {@link RelayFailure.Expired} without a call, a push
 * whose endpoint's circuit refuses calls is {@link RelayFailure.CircuitOpen} without a
 * call, and the endpoint's answer decides the rest. Counts {@code forwarder.relay} per
 * account and outcome; the calls themselves are timed by {@link RelayClient}'s
 * {@code http.client.requests}.
 */
public class Relay {

	private static final Logger logger = LoggerFactory.getLogger(Relay.class);

	private final Map<String, Account> accounts;

	private final Map<String, URI> endpoints = new LinkedHashMap<>();

	private final RelayCircuits circuits;

	private final RelayClient client;

	private final MeterRegistry registry;

	private final Duration maxAge;

	private final Clock clock;

	public Relay(Map<String, Account> accounts, RelayCircuits circuits, RelayClient client, MeterRegistry registry,
			Duration maxAge, Clock clock) {
		this.accounts = Map.copyOf(accounts);
		accounts.forEach((id, account) -> this.endpoints.put(id, account.endpoint()));
		this.circuits = circuits;
		this.client = client;
		this.registry = registry;
		this.maxAge = maxAge;
		this.clock = clock;
	}

	/**
	 * Whether a push is relayed at all: its account has a relay and it is of a relayed
	 * kind (every push, or only {@link LoginScans#isLoginScan(WechatEvent) login scans}).
	 * @param event the push
	 * @return whether it is
	 */
	public boolean isRelayed(WechatEvent event) {
		Account account = this.accounts.get(event.getAccount());
		return account != null && (account.events() == Events.ALL || LoginScans.isLoginScan(event));
	}

	/**
	 * Relays a push, or does nothing for a push that is not relayed.
	 * @param event the push
	 * @return whether it was relayed
	 * @throws RelayFailure.Expired if it is older than the maximum relay age
	 * @throws RelayFailure.CircuitOpen if its endpoint's circuit refuses calls now (no
	 * call was made)
	 * @throws RelayFailure.Retryable or {@link RelayFailure.Rejected} if the endpoint did
	 * not take it
	 */
	public boolean relay(WechatEvent event) {
		return Boolean.TRUE.equals(call(event).block());
	}

	/**
	 * Relays a push without waiting for the endpoint's answer, which completes the result
	 * on the HTTP client's event loop.
	 * @param event the push
	 * @return {@code true} once relayed, {@code false} at once for a push that is not
	 * relayed; or the error {@link #relay(WechatEvent)} throws
	 */
	public Mono<Boolean> call(WechatEvent event) {
		if (!isRelayed(event)) {
			return Mono.just(false);
		}
		Account account = this.accounts.get(event.getAccount());
		Duration age = Duration.between(event.getReceivedAt(), Instant.now(this.clock));
		if (age.compareTo(this.maxAge) > 0) {
			count(event, "expired");
			return Mono.error(new RelayFailure.Expired("received " + age.toSeconds()
					+ " s ago, longer than forwarder.relay.max-age (" + this.maxAge + "): not relayed"));
		}
		RelayRequest request = RelayRequest.of(event, this.endpoints.get(event.getAccount()), account.format());
		CircuitBreaker circuit = this.circuits.of(event.getAccount());
		if (!circuit.tryAcquirePermission()) {
			return Mono.error(new RelayFailure.CircuitOpen(
					"the circuit of account " + event.getAccount() + " is " + circuit.getState()));
		}
		long start = circuit.getCurrentTimestamp();
		return this.client.call(request)
			.doOnSuccess(
					(ignored) -> circuit.onSuccess(circuit.getCurrentTimestamp() - start, circuit.getTimestampUnit()))
			.doOnError((ex) -> circuit.onError(circuit.getCurrentTimestamp() - start, circuit.getTimestampUnit(), ex))
			.doOnCancel(circuit::releasePermission)
			.doOnError(RelayFailure.Retryable.class, (ex) -> failed(event, ex))
			.then(Mono.fromSupplier(() -> {
				count(event, "relayed");
				logger.debug("Relayed {} of account {}", event.getEventId(), event.getAccount());
				return true;
			}));
	}

	private void failed(WechatEvent event, RelayFailure.Retryable ex) {
		count(event, "retried");
		if (ex instanceof RelayFailure.EndpointMisconfigured misconfigured) {
			logger.warn("Authing answered {} to a relay of account {}: check forwarder.accounts.{}.events-url (a wrong "
					+ "URL, or a deleted or disabled connection); the push is retried and the endpoint's circuit counts it",
					misconfigured.status(), event.getAccount(), event.getAccount());
		}
	}

	/**
	 * Counts a push that went to the dead-letter topic.
	 * @param account its account ({@code unknown} if it could not be decoded)
	 */
	public void deadLettered(String account) {
		this.registry.counter("forwarder.relay", "account", account, "outcome", "dead_lettered").increment();
	}

	/**
	 * Counts a push set aside in its account's waiting topic while the endpoint's circuit
	 * is open.
	 * @param account its account
	 */
	public void setAside(String account) {
		this.registry.counter("forwarder.relay", "account", account, "outcome", "set_aside").increment();
	}

	private void count(WechatEvent event, String outcome) {
		this.registry.counter("forwarder.relay", "account", event.getAccount(), "outcome", outcome).increment();
	}

}
