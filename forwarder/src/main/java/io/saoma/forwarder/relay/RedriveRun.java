package io.saoma.forwarder.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.saoma.forwarder.relay.RedriveReport.Outcome;
import io.saoma.forwarder.relay.RedriveReport.Stop;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One re-drive: relays the dead letters that are in the topic when it starts, in order
 * per partition, through a consumer {@link Consumer#subscribe subscribed} in the
 * re-drive's group. The broker gives each partition to one member of the group, so two
 * re-drives (two instances, or a client's retry reaching another instance) never hold the
 * same dead letter. There is one re-drive at a time: a re-drive is refused when the group
 * has a member already, and of two that join at the same moment the one without the first
 * partition leaves at once and is refused. Each relayed (or skipped) dead letter is
 * committed before the next one is relayed, so a partition only moves to another member
 * with its progress saved.
 * <p>
 * A dead letter that fails again stops its partition for this run (the letters behind it
 * keep their order); the other partitions go on. The run ends when every partition is
 * done or stopped, or when the time budget is used up.
 */
final class RedriveRun implements ConsumerRebalanceListener {

	private static final Logger logger = LoggerFactory.getLogger(RedriveRun.class);

	private static final Duration POLL = Duration.ofMillis(200);

	private final Consumer<String, byte[]> consumer;

	private final Relay relay;

	private final Clock clock;

	private final Duration budget;

	private final String group;

	private final Supplier<List<String>> members;

	private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

	private final Map<TopicPartition, Stop> stopped = new LinkedHashMap<>();

	private Map<TopicPartition, Long> ends = Map.of();

	private boolean joined;

	private boolean leftGroup;

	private long relayed;

	private long failedAgain;

	private long skippedUndecodable;

	private long skippedNotRelayed;

	private long lostCommits;

	/**
	 * @param consumer a consumer of the re-drive's group, not subscribed yet
	 * @param relay the relay
	 * @param clock the clock of the budget
	 * @param budget how long the run may take
	 * @param group the re-drive's group
	 * @param members the members the group has now, as the broker describes them
	 */
	RedriveRun(Consumer<String, byte[]> consumer, Relay relay, Clock clock, Duration budget, String group,
			Supplier<List<String>> members) {
		this.members = members;
		this.consumer = consumer;
		this.relay = relay;
		this.clock = clock;
		this.budget = budget;
		this.group = group;
	}

	RedriveReport run() {
		Instant deadline = this.clock.instant().plus(this.budget);
		Set<TopicPartition> partitions = this.consumer.partitionsFor(Topics.Names.RELAY_DLT)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.collect(Collectors.toSet());
		this.ends = this.consumer.endOffsets(partitions);
		if (DeadLetterBacklog.remaining(this.consumer, this.ends) == 0) {
			return report(Outcome.COMPLETED);
		}
		List<String> members = this.members.get();
		if (!members.isEmpty()) {
			return RedriveReport.refused(DeadLetterBacklog.remaining(this.consumer, this.ends),
					"Another re-drive is running (consumer group " + this.group + " has members " + members
							+ "); nothing was relayed. Try again when it has ended, at most forwarder.redrive.time-budget ("
							+ this.budget + ") after it started; a re-drive whose process died stays a member until"
							+ " its session times out (session.timeout.ms, 45 s by default).");
		}
		this.consumer.subscribe(List.of(Topics.Names.RELAY_DLT), this);
		ConsumerRecords<String, byte[]> records = ConsumerRecords.empty();
		while (!this.joined) {
			if (!this.clock.instant().isBefore(deadline)) {
				return RedriveReport.refused(DeadLetterBacklog.remaining(this.consumer, this.ends),
						"Could not join consumer group " + this.group + " within forwarder.redrive.time-budget ("
								+ this.budget + "); nothing was relayed. Check the Kafka cluster and try again.");
			}
			records = this.consumer.poll(POLL);
		}
		Set<TopicPartition> assigned = this.consumer.assignment();
		if (!assigned.containsAll(partitions) && !assigned.contains(first(partitions))) {
			// Another re-drive joined at the same time: the one holding the first
			// partition goes on (it gets the others
			// once this one has left), this one gives up. Records fetched with a partial
			// assignment are neither relayed
			// nor committed: close() leaves the group.
			return RedriveReport.refused(DeadLetterBacklog.remaining(this.consumer, this.ends),
					"Another re-drive is running (it holds partitions " + sorted(partitions, assigned) + " of "
							+ Topics.Names.RELAY_DLT + " in consumer group " + this.group
							+ "); nothing was relayed. Try again when it has ended, at most forwarder.redrive.time-budget ("
							+ this.budget + ") after it started.");
		}
		Outcome outcome = relayUntilDone(records, deadline);
		commitUncommitted();
		return report(outcome);
	}

	private Outcome relayUntilDone(ConsumerRecords<String, byte[]> first, Instant deadline) {
		ConsumerRecords<String, byte[]> records = first;
		while (true) {
			for (ConsumerRecord<String, byte[]> record : records) {
				if (!this.clock.instant().isBefore(deadline)) {
					return Outcome.BUDGET_USED_UP;
				}
				handle(record);
				if (this.leftGroup) {
					return Outcome.STOPPED;
				}
			}
			if (done()) {
				return this.stopped.isEmpty() ? Outcome.COMPLETED : Outcome.STOPPED;
			}
			if (!this.clock.instant().isBefore(deadline)) {
				return Outcome.BUDGET_USED_UP;
			}
			records = this.consumer.poll(POLL);
		}
	}

	private void handle(ConsumerRecord<String, byte[]> record) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		if (this.stopped.containsKey(partition) || !this.consumer.assignment().contains(partition)) {
			return;
		}
		if (record.offset() >= this.ends.getOrDefault(partition, 0L)) {
			// a letter dead-lettered after this re-drive started: left for the next one
			this.consumer.pause(Set.of(partition));
			return;
		}
		WechatEvent event;
		try {
			event = AvroSerdes.wechatEvent().decode(record.value());
		}
		catch (SerializationException ex) {
			logger.warn("Re-drive skipped an undecodable dead letter at {}-{} offset {} ({}); it stays in the topic",
					record.topic(), record.partition(), record.offset(), ex.getMessage());
			this.skippedUndecodable++;
			commit(partition, record.offset());
			return;
		}
		try {
			if (this.relay.relay(event)) {
				this.relayed++;
			}
			else {
				this.skippedNotRelayed++;
			}
		}
		catch (RuntimeException ex) {
			stop(partition, record, event, ex);
			return;
		}
		commit(partition, record.offset());
	}

	private void stop(TopicPartition partition, ConsumerRecord<String, byte[]> record, WechatEvent event,
			RuntimeException ex) {
		if (!(ex instanceof RelayFailure.CircuitOpen)) {
			this.failedAgain++;
		}
		String reason = (ex instanceof RelayFailure) ? ex.getMessage() : ex.toString();
		this.stopped.put(partition, new Stop(partition.partition(), record.offset(), reason));
		this.consumer.pause(Set.of(partition));
		logger.warn(
				"Re-drive stopped partition {} at offset {}: the relay of {} of account {} failed again ({}); it"
						+ " and the dead letters behind it wait for the next re-drive",
				partition, record.offset(), event.getEventId(), event.getAccount(), reason);
	}

	private void commit(TopicPartition partition, long offset) {
		this.uncommitted.put(partition, new OffsetAndMetadata(offset + 1));
		try {
			this.consumer.commitSync(this.uncommitted);
			this.uncommitted.clear();
		}
		catch (RebalanceInProgressException ex) {
			// committed in onPartitionsRevoked, before a partition moves to another
			// member
		}
		catch (CommitFailedException ex) {
			// dropped from the group: another member may hold these partitions now, so
			// relay nothing more
			logger.warn("Re-drive lost its place in consumer group {} ({}); stopping", this.group, ex.getMessage());
			this.lostCommits += this.uncommitted.size();
			this.uncommitted.clear();
			this.leftGroup = true;
		}
	}

	private boolean done() {
		Map<TopicPartition, Long> next = DeadLetterBacklog.next(this.consumer, this.ends.keySet());
		return this.ends.entrySet()
			.stream()
			.allMatch((end) -> this.stopped.containsKey(end.getKey()) || next.get(end.getKey()) >= end.getValue());
	}

	private void commitUncommitted() {
		if (this.uncommitted.isEmpty() || this.leftGroup) {
			return;
		}
		try {
			this.consumer.commitSync(this.uncommitted);
		}
		catch (KafkaException ex) {
			logger.warn("Re-drive could not commit its last progress ({}): the next re-drive relays {} partitions' last"
					+ " dead letters again", ex.getMessage(), this.uncommitted.size());
			this.lostCommits += this.uncommitted.size();
		}
		this.uncommitted.clear();
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
		partitions.forEach((partition) -> {
			OffsetAndMetadata offset = this.uncommitted.remove(partition);
			if (offset != null) {
				revoked.put(partition, offset);
			}
		});
		if (revoked.isEmpty()) {
			return;
		}
		try {
			this.consumer.commitSync(revoked);
		}
		catch (KafkaException ex) {
			logger.warn("Re-drive could not commit {} before giving it up ({}): its last dead letter may be relayed"
					+ " again", revoked.keySet(), ex.getMessage());
			this.lostCommits += revoked.size();
		}
	}

	@Override
	public void onPartitionsLost(Collection<TopicPartition> partitions) {
		partitions.forEach((partition) -> {
			if (this.uncommitted.remove(partition) != null) {
				this.lostCommits++;
			}
		});
	}

	@Override
	public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
		this.joined = true;
		// a pause does not survive a reassignment
		this.consumer.pause(partitions.stream().filter(this.stopped::containsKey).toList());
	}

	private RedriveReport report(Outcome outcome) {
		long remaining = DeadLetterBacklog.remaining(this.consumer, this.ends);
		String message = switch (outcome) {
			case COMPLETED -> "Every dead letter present at the start was relayed or skipped.";
			case STOPPED -> this.leftGroup ? "Stopped: the re-drive lost its place in its consumer group."
					: "Some partitions stopped at a dead letter that failed again (stoppedAt); the others were"
							+ " re-driven to their end. Run it again once the endpoint takes them.";
			case BUDGET_USED_UP ->
				"forwarder.redrive.time-budget (" + this.budget + ") used up; run it again to go on from here.";
			case REFUSED -> throw new IllegalStateException("a refusal has its own report");
		};
		RedriveReport report = new RedriveReport(outcome, this.relayed, this.failedAgain, this.skippedUndecodable,
				this.skippedNotRelayed, remaining, this.lostCommits, List.copyOf(this.stopped.values()), message);
		logger.info("Re-drive of {}: {}", Topics.Names.RELAY_DLT, report.toMap());
		return report;
	}

	private static TopicPartition first(Set<TopicPartition> partitions) {
		return partitions.stream().min(Comparator.comparingInt(TopicPartition::partition)).orElseThrow();
	}

	private static Set<Integer> sorted(Set<TopicPartition> all, Set<TopicPartition> mine) {
		return all.stream()
			.filter((partition) -> !mine.contains(partition))
			.map(TopicPartition::partition)
			.collect(Collectors.toCollection(TreeSet::new));
	}

}
