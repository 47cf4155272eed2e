package io.saoma.loginprocessor.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Scans that arrived before their ticket, held for the scan grace. A held scan's key is
 * its ticket, a NUL character and its offset in the repartition topic as 16 hex digits:
 * all scans of a ticket come through one partition, whose offsets only grow, so a prefix
 * scan of the ticket returns them in arrival order.
 */
final class HeldScans {

	private static final char SEPARATOR = '\u0000';

	private final KeyValueStore<String, WechatEvent> store;

	private final Deadlines deadlines;

	private final Duration grace;

	/**
	 * The held scans.
	 * @param store the store, {@value LoginTopology#HELD_SCANS}
	 * @param deadlines where each is registered to be dropped after the grace
	 * @param grace how long a scan is held
	 */
	HeldScans(KeyValueStore<String, WechatEvent> store, Deadlines deadlines, Duration grace) {
		this.store = store;
		this.deadlines = deadlines;
		this.grace = grace;
	}

	/**
	 * The key a scan is held under.
	 * @param ticket its ticket
	 * @param offset its offset in the repartition topic
	 * @return the key
	 */
	static String key(String ticket, long offset) {
		return ticket + SEPARATOR + String.format("%016x", offset);
	}

	/**
	 * Holds a scan until its ticket arrives or the grace is over.
	 * @param scan the scan
	 * @param offset its offset in the repartition topic
	 * @param now the time
	 */
	void hold(WechatEvent scan, long offset, long now) {
		String key = key(scan.getTicket(), offset);
		this.store.put(key, scan);
		this.deadlines.register(now + this.grace.toMillis(), Deadlines.Kind.HELD_SCAN, key);
	}

	/**
	 * Removes and returns the scans held for a ticket.
	 * @param ticket the ticket
	 * @return its scans in arrival order
	 */
	List<WechatEvent> takeAll(String ticket) {
		List<KeyValue<String, WechatEvent>> scans = new ArrayList<>();
		try (KeyValueIterator<String, WechatEvent> entries = this.store.prefixScan(ticket + SEPARATOR,
				new StringSerializer())) {
			entries.forEachRemaining(scans::add);
		}
		scans.forEach((entry) -> this.store.delete(entry.key));
		return scans.stream().map((entry) -> entry.value).toList();
	}

	/**
	 * Drops a scan whose grace is over.
	 * @param key its key
	 * @return the scan, or {@code null} if it was matched before
	 */
	WechatEvent drop(String key) {
		return this.store.delete(key);
	}

}
