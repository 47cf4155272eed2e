package io.saoma.receiver.push;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids as UUIDv7 (RFC 9562): time-ordered, so they sort by arrival, and cheap to
 * make (no SecureRandom, which an event id does not need).
 */
public final class EventIds {

	private EventIds() {
	}

	/**
	 * Makes an id for a push received at the given time.
	 * @param epochMillis the receive time
	 * @return a version 7 UUID
	 */
	public static UUID next(long epochMillis) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(most, least);
	}

}
