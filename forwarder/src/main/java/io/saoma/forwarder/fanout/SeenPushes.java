package io.saoma.forwarder.fanout;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The pushes the fan-out published lately, by {@code dedupId}, in a window store whose
 * retention is the window: a repeat of a push (WeChat's retry, a replay) whose timestamp
 * is within the window of a published one is recognised, and entries older than the
 * window are dropped with their segment, so the store stays bounded however long it runs.
 * Every delivery of a push has the same key ({@code <appid>:<openid>}), so all of them
 * reach the task that holds the store; it is backed by a changelog, so the memory
 * survives restarts and moves with its task.
 */
final class SeenPushes {

	/** The store's name (and its changelog's). */
	static final String STORE = "fanout-seen-pushes";

	private final WindowStore<String, Long> store;

	private final long windowMillis;

	SeenPushes(WindowStore<String, Long> store, Duration window) {
		this.store = store;
		this.windowMillis = window.toMillis();
	}

	/**
	 * The store, to add to the topology.
	 * @param window how long a push is remembered
	 * @return its builder
	 */
	static StoreBuilder<WindowStore<String, Long>> storeBuilder(Duration window) {
		return Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, window, window, false), Serdes.String(),
				Serdes.Long());
	}

	/**
	 * Remembers a push unless it was seen within the window around its timestamp.
	 * @param dedupId the push's de-duplication id
	 * @param timestamp the record's timestamp
	 * @return whether this is its first delivery within the window
	 */
	boolean firstSighting(String dedupId, long timestamp) {
		try (WindowStoreIterator<Long> seen = this.store.fetch(dedupId, Math.max(0, timestamp - this.windowMillis),
				timestamp + this.windowMillis)) {
			if (seen.hasNext()) {
				return false;
			}
		}
		this.store.put(dedupId, timestamp, timestamp);
		return true;
	}

}
