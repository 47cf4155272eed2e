package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * Where an account's relays wait while its endpoint's circuit is open, so that they hold
 * up no other account: one waiting topic per account
 * ({@value #TOPIC_PREFIX}{@code <account>}) and one consumer of it, paused while the
 * account's circuit is open and resumed when it half-opens. A waiting relay is tried
 * again when its consumer runs; as long as the circuit refuses the call, or the call
 * fails, the consumer goes back to the same record every
 * {@code forwarder.circuit.recheck-interval} (a failed probe opens the circuit again and
 * pauses the consumer). No relay uses up a retry attempt while it waits;
 * {@code forwarder.relay.max-age} bounds the wait (an older relay is dead-lettered), and
 * a refusal of the push is dead-lettered as on the main path.
 */
public class RelayWaitingRoom implements SmartLifecycle {

	/** The waiting topics' names: this and the account id. */
	public static final String TOPIC_PREFIX = Topics.Names.WECHAT_EVENTS + ".authing-relay-wait-";

	/** The consumer group of the waiting topics. */
	public static final String GROUP = "saoma-forwarder-relay-waiting";

	private static final Logger logger = LoggerFactory.getLogger(RelayWaitingRoom.class);

	private final Map<String, ConcurrentMessageListenerContainer<String, byte[]>> containers = new LinkedHashMap<>();

	private final KafkaTemplate<String, Object> template;

	private final Relay relay;

	private final Duration sendTimeout;

	private volatile boolean running;

	/**
	 * @param accounts the accounts with a relay
	 * @param consumers the consumer factory of the side topics (raw values, earliest)
	 * @param template the producer of the waiting topics
	 * @param relay the relay
	 * @param circuits the accounts' circuits, which pause and resume the consumers
	 * @param errorHandler what a consumer does with a relay that fails: wait for a
	 * refused or failed call, dead-letter a refused push
	 * @param sendTimeout how long setting a relay aside may take
	 */
	public RelayWaitingRoom(Collection<String> accounts, ConsumerFactory<String, byte[]> consumers,
			KafkaTemplate<String, Object> template, Relay relay, RelayCircuits circuits,
			CommonErrorHandler errorHandler, Duration sendTimeout) {
		this.template = template;
		this.relay = relay;
		this.sendTimeout = sendTimeout;
		for (String account : accounts) {
			ContainerProperties properties = new ContainerProperties(topic(account));
			properties.setGroupId(GROUP);
			properties.setAckMode(ContainerProperties.AckMode.RECORD);
			properties.setMessageListener((MessageListener<String, byte[]>) this::relayWaiting);
			ConcurrentMessageListenerContainer<String, byte[]> container = new ConcurrentMessageListenerContainer<>(
					consumers, properties);
			container.setBeanName("authing-relay-wait-" + account);
			container.setConcurrency(1);
			container.setCommonErrorHandler(errorHandler);
			this.containers.put(account, container);
		}
		circuits.onStateChange(this::onCircuitChange);
	}

	/**
	 * The waiting topic of an account.
	 * @param account the account id
	 * @return the topic
	 */
	public static String topic(String account) {
		return TOPIC_PREFIX + account;
	}

	/**
	 * Sets a relay aside in its account's waiting topic without waiting for the broker.
	 * @param key the record key
	 * @param event the push
	 * @return completes once the broker has it; or with a {@link KafkaException} if it
	 * did not take it in time (the caller's record is then retried)
	 */
	public CompletableFuture<Void> setAside(String key, WechatEvent event) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.template.send(topic(event.getAccount()), key, event)
			.orTimeout(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((result, ex) -> {
				if (ex != null) {
					done.completeExceptionally(new KafkaException(
							"could not set a relay of account " + event.getAccount() + " aside", ex));
				}
				else {
					this.relay.setAside(event.getAccount());
					done.complete(null);
				}
			});
		return done;
	}

	/**
	 * Whether the waiting consumer of an account is paused (its circuit is open).
	 * @param account the account id
	 * @return whether it is paused
	 */
	public boolean isPaused(String account) {
		ConcurrentMessageListenerContainer<String, byte[]> container = this.containers.get(account);
		return container != null && container.isPauseRequested();
	}

	private void relayWaiting(ConsumerRecord<String, byte[]> record) {
		WechatEvent event;
		try {
			event = AvroSerdes.wechatEvent().decode(record.value());
		}
		catch (SerializationException ex) {
			throw new RelayFailure.Undecodable("not a WechatEvent: " + ex.getMessage());
		}
		if (event == null) {
			throw new RelayFailure.Undecodable("not a WechatEvent: no value");
		}
		// CircuitOpen and Retryable propagate: the error handler comes back to this
		// record later
		this.relay.relay(event);
	}

	private void onCircuitChange(String account, CircuitBreaker.State state) {
		ConcurrentMessageListenerContainer<String, byte[]> container = this.containers.get(account);
		if (container == null) {
			return;
		}
		if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
			container.pause();
			logger.debug("Paused the waiting relays of account {} while its circuit is open", account);
		}
		else if (container.isPauseRequested()) {
			container.resume();
			logger.debug("Resumed the waiting relays of account {} (circuit {})", account, state);
		}
	}

	@Override
	public void start() {
		this.containers.values().forEach(ConcurrentMessageListenerContainer::start);
		this.running = true;
	}

	@Override
	public void stop() {
		this.containers.values().forEach(ConcurrentMessageListenerContainer::stop);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return AbstractMessageListenerContainer.DEFAULT_PHASE;
	}

}
