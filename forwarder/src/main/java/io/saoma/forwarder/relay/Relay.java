package io.saoma.forwarder.relay;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.saoma.forwarder.relay.ForwarderProperties.Account;
import io.saoma.forwarder.relay.ForwarderProperties.Events;
import io.saoma.schemas.event.WechatEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one push to its account's Authing connection, if the account has one and the push is of a relayed kind.
 * A relay is done only when the endpoint answered 2xx; otherwise it fails with a {@link RelayFailure} that the
 * listener's error handling turns into a retry, a dead letter or a wait for the circuit. Counts
 * {@code forwarder.relay} per account and outcome and times successful calls ({@code forwarder.relay.duration}).
 */
public class Relay {

	private static final Logger logger = LoggerFactory.getLogger(Relay.class);

	private final Map<String, Account> accounts;

	private final Map<String, RelayCircuit> circuits;

	private final RelayClient client;

	private final MeterRegistry registry;

	public Relay(Map<String, Account> accounts, Map<String, RelayCircuit> circuits, RelayClient client,
			MeterRegistry registry) {
		this.accounts = Map.copyOf(accounts);
		this.circuits = Map.copyOf(circuits);
		this.client = client;
		this.registry = registry;
	}

	/**
	 * Relays a push, or does nothing for a push that is not relayed.
	 * @param event the push
	 * @return whether it was relayed
	 */
	public boolean relay(WechatEvent event) {
		Account account = this.accounts.get(event.getAccount());
		if (account == null || !(account.events() == Events.ALL || isLoginEvent(event))) {
			return false;
		}
		RelayRequest request = RelayRequest.of(event, account.eventsUrl(), account.format());
		RelayCircuit circuit = this.circuits.get(event.getAccount());
		if (!circuit.tryAcquire()) {
			throw new RelayFailure.CircuitOpen("the circuit of account " + event.getAccount() + " is open");
		}
		long start = System.nanoTime();
		try {
			this.client.send(request);
			circuit.onSuccess();
		}
		catch (RelayFailure.EndpointMisconfigured ex) {
			circuit.onFailure();
			count(event, "retried");
			logger.warn("Authing answered {} to a relay of account {}: check forwarder.accounts.{}.events-url (a wrong "
					+ "URL, or a deleted or disabled connection); the push is retried and the endpoint's circuit counts it",
					ex.status(), event.getAccount(), event.getAccount());
			throw ex;
		}
		catch (RelayFailure.Retryable ex) {
			circuit.onFailure();
			count(event, "retried");
			throw ex;
		}
		catch (RelayFailure.Rejected ex) {
			circuit.onNeutral();
			throw ex;
		}
		Timer.builder("forwarder.relay.duration")
			.description("Time Authing took to accept a relayed push")
			.tag("account", event.getAccount())
			.publishPercentileHistogram()
			.register(this.registry)
			.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
		count(event, "relayed");
		logger.debug("Relayed {} of account {}", event.getEventId(), event.getAccount());
		return true;
	}

	/**
	 * Counts a push that went to the dead-letter topic.
	 * @param account its account
	 */
	public void deadLettered(String account) {
		this.registry.counter("forwarder.relay", "account", account, "outcome", "dead_lettered").increment();
	}

	private void count(WechatEvent event, String outcome) {
		this.registry.counter("forwarder.relay", "account", event.getAccount(), "outcome", outcome).increment();
	}

	static boolean isLoginEvent(WechatEvent event) {
		if (!"event".equals(event.getMsgType())) {
			return false;
		}
		return "SCAN".equals(event.getEvent()) || ("subscribe".equals(event.getEvent()) && event.getEventKey() != null
				&& event.getEventKey().startsWith("qrscene_"));
	}

}
