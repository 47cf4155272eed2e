package io.saoma.loginprocessor.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A time index over the matcher's state: every entry that must go away at some time is
 * registered here under a key that sorts by that time (8-byte big-endian millis, then the
 * kind, then the id), so a sweep reads only what is due instead of scanning every store.
 */
final class Deadlines {

	private static final byte[] EMPTY = new byte[0];

	private final KeyValueStore<Bytes, byte[]> index;

	Deadlines(KeyValueStore<Bytes, byte[]> index) {
		this.index = index;
	}

	void register(long dueMillis, Kind kind, String id) {
		this.index.put(key(dueMillis, kind, id), EMPTY);
	}

	/**
	 * Removes and returns the entries due at or before the given time, earliest first, at
	 * most {@code limit} of them: the rest stay for the next call.
	 * @param nowMillis the time
	 * @param limit the most entries to take
	 * @return the entries taken
	 */
	List<Due> takeDue(long nowMillis, int limit) {
		List<Due> due = new ArrayList<>();
		try (KeyValueIterator<Bytes, byte[]> entries = this.index.range(null, key(nowMillis, Kind.LAST, ""))) {
			while (due.size() < limit && entries.hasNext()) {
				KeyValue<Bytes, byte[]> entry = entries.next();
				due.add(parse(entry.key.get()));
			}
		}
		for (Due entry : due) {
			this.index.delete(key(entry.dueMillis(), entry.kind(), entry.id()));
		}
		return due;
	}

	private static Bytes key(long dueMillis, Kind kind, String id) {
		byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
		return Bytes.wrap(ByteBuffer.allocate(9 + idBytes.length)
			.putLong(dueMillis)
			.put((byte) kind.ordinal())
			.put(idBytes)
			.array());
	}

	private static Due parse(byte[] key) {
		ByteBuffer buffer = ByteBuffer.wrap(key);
		long due = buffer.getLong();
		Kind kind = Kind.values()[buffer.get()];
		return new Due(due, kind, new String(key, 9, key.length - 9, StandardCharsets.UTF_8));
	}

	/**
	 * What falls due.
	 */
	enum Kind {

		/** A pending ticket reaches its expiry. */
		TICKET_EXPIRY,
		/** A used ticket no longer needs remembering. */
		USED_TICKET,
		/** A scan held for its ticket ran out of grace. */
		HELD_SCAN,
		/** A remembered scan can no longer be retried by WeChat. */
		SEEN_SCAN,
		/** A decided login's status is removed. */
		STATUS,
		/** Upper bound of a range, never registered. */
		LAST

	}

	record Due(long dueMillis, Kind kind, String id) {
	}

}
