package io.saoma.loginprocessor.topology;

import java.time.Duration;

import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The scans seen within the de-duplication retention, so that WeChat's retries and
 * replays of a push log nobody in twice. A scan is known by what identifies one push
 * across them: its {@code dedupId}, or for a record written before the receiver set one,
 * the same id computed from its AppID, FromUserName, CreateTime, MsgType, Event, EventKey
 * and MsgId ({@link DedupIds#of(WechatEvent)}), so an older record and a newer delivery
 * of the same push get the same key. Each delivery has a new eventId, so the eventId
 * cannot be used.
 */
final class SeenScans {

	private final KeyValueStore<String, Long> store;

	private final Deadlines deadlines;

	private final Duration retention;

	/**
	 * The seen scans.
	 * @param store the store, {@value LoginTopology#SEEN_SCANS}: when each was first seen
	 * by de-duplication key
	 * @param deadlines where each is registered to be forgotten
	 * @param retention how long a scan is remembered
	 */
	SeenScans(KeyValueStore<String, Long> store, Deadlines deadlines, Duration retention) {
		this.store = store;
		this.deadlines = deadlines;
		this.retention = retention;
	}

	/**
	 * Remembers a scan if it was not seen yet.
	 * @param scan the scan
	 * @param now the time
	 * @return {@code true} the first time, {@code false} for a retry or replay of it
	 */
	boolean firstSighting(WechatEvent scan, long now) {
		String key = DedupIds.of(scan);
		if (this.store.get(key) != null) {
			return false;
		}
		this.store.put(key, now);
		this.deadlines.register(now + this.retention.toMillis(), Deadlines.Kind.SEEN_SCAN, key);
		return true;
	}

	/**
	 * Forgets a scan whose retention is over.
	 * @param key its de-duplication key
	 */
	void forget(String key) {
		this.store.delete(key);
	}

}
