package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.Collection;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * A main-topic consumer that gives up partitions in a rebalance first lets the relays in
 * flight end (at most the relay timeout), so that spring-kafka commits their offsets
 * right after this, before the next owner starts: otherwise the next owner relays them
 * again (a duplicate call to Authing for each relay in flight). Passes the other
 * callbacks on, e.g. to {@link RelayStartPosition}.
 */
class RelayHandOver implements ConsumerAwareRebalanceListener {

	private static final Logger logger = LoggerFactory.getLogger(RelayHandOver.class);

	private final RelayLanes lanes;

	private final Duration maxWait;

	private final ConsumerAwareRebalanceListener next;

	RelayHandOver(RelayLanes lanes, Duration maxWait, ConsumerAwareRebalanceListener next) {
		this.lanes = lanes;
		this.maxWait = maxWait;
		this.next = next;
	}

	ConsumerAwareRebalanceListener next() {
		return this.next;
	}

	@Override
	public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		try {
			if (!this.lanes.awaitIdle(this.maxWait)) {
				logger.info("Giving up {} with {} relays still in flight after {}: the next owner may relay them again",
						partitions, this.lanes.inFlight(), this.maxWait);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.next.onPartitionsRevokedBeforeCommit(consumer, partitions);
	}

	@Override
	public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		this.next.onPartitionsRevokedAfterCommit(consumer, partitions);
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		this.next.onPartitionsLost(consumer, partitions);
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		this.next.onPartitionsAssigned(consumer, partitions);
	}

}
