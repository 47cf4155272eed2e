package io.saoma.forwarder.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.saoma.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Re-drives the relay's dead letters after an outage, on the management port only:
 * {@code GET /actuator/relaydlt} says how many wait, {@code POST /actuator/relaydlt}
 * relays them in order ({@link RedriveRun}) and answers with honest counts
 * ({@link RedriveReport}). Progress is the committed offsets of the consumer group
 * {@code forwarder.redrive.group}, so a re-drive can be repeated and never relays a dead
 * letter again once it was relayed and committed. One re-drive runs at a time: a second
 * request, on this instance or another, is answered 409 with {@code "outcome": "refused"}
 * and relays nothing.
 */
@WebEndpoint(id = "relaydlt")
public class DeadLetterRedrive {

	/** The answer to a refused re-drive. */
	static final int STATUS_CONFLICT = 409;

	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

	private final ConsumerFactory<String, byte[]> consumers;

	private final Map<String, Object> adminConfig;

	private final Relay relay;

	private final RedriveProperties properties;

	private final Clock clock;

	private final AtomicBoolean running = new AtomicBoolean();

	/**
	 * @param consumers consumers of the dead-letter topic in the re-drive's group (no
	 * auto-commit, {@code auto.offset.reset=earliest})
	 * @param adminConfig the settings of an admin client of the same cluster
	 * @param relay the relay
	 * @param properties the time budget and the group
	 * @param clock the clock of the time budget
	 */
	public DeadLetterRedrive(ConsumerFactory<String, byte[]> consumers, Map<String, Object> adminConfig, Relay relay,
			RedriveProperties properties, Clock clock) {
		this.consumers = consumers;
		this.adminConfig = Map.copyOf(adminConfig);
		this.relay = relay;
		this.properties = properties;
		this.clock = clock;
	}

	@ReadOperation
	public Map<String, Object> pending() {
		try (Consumer<String, byte[]> consumer = consumer()) {
			Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.partitionsFor(Topics.Names.RELAY_DLT)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList());
			Map<String, Object> state = new LinkedHashMap<>();
			state.put("topic", Topics.Names.RELAY_DLT);
			state.put("group", this.properties.group());
			state.put("pending", DeadLetterBacklog.remaining(consumer, ends));
			state.put("running", this.running.get());
			return state;
		}
	}

	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> redrive() {
		if (!this.running.compareAndSet(false, true)) {
			long pending = ((Number) pending().get("pending")).longValue();
			return new WebEndpointResponse<>(RedriveReport
				.refused(pending,
						"A re-drive is already running on this"
								+ " instance; nothing was relayed. Try again when it has ended.")
				.toMap(), STATUS_CONFLICT);
		}
		try (Consumer<String, byte[]> consumer = consumer()) {
			RedriveReport report = new RedriveRun(consumer, this.relay, this.clock, this.properties.timeBudget(),
					this.properties.group(), this::members)
				.run();
			return new WebEndpointResponse<>(report.toMap(), (report.outcome() == RedriveReport.Outcome.REFUSED)
					? STATUS_CONFLICT : WebEndpointResponse.STATUS_OK);
		}
		finally {
			this.running.set(false);
		}
	}

	/** The members of the re-drive's group now: a running re-drive is one. */
	private List<String> members() {
		try (Admin admin = Admin.create(this.adminConfig)) {
			return admin.describeConsumerGroups(List.of(this.properties.group()))
				.describedGroups()
				.get(this.properties.group())
				.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.members()
				.stream()
				.map((member) -> member.clientId() + " at " + member.host())
				.toList();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return List.of();
			}
			throw new IllegalStateException("Cannot describe consumer group " + this.properties.group(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The Kafka cluster did not describe consumer group "
					+ this.properties.group() + " within " + ADMIN_TIMEOUT.toSeconds() + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while describing consumer group " + this.properties.group(),
					ex);
		}
	}

	private Consumer<String, byte[]> consumer() {
		return this.consumers.createConsumer(this.properties.group(), "-redrive");
	}

}
