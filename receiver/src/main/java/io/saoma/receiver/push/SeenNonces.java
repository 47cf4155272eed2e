package io.saoma.receiver.push;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The (timestamp, nonce) pairs of recent plaintext pushes, with a digest of their bodies.
 * In plaintext mode {@code signature} covers only (token, timestamp, nonce), so a
 * captured push URL signs any body; WeChat's retries re-use the pair with the same body,
 * so a pair seen again with another body is a forgery. Bounded: at most {@code capacity}
 * pairs (the oldest go first: filling the map takes validly signed requests, i.e.
 * captured URLs), each kept for its time to live. In memory, per instance: a forged body
 * sent to another instance first is not caught.
 */
public final class SeenNonces {

	private final int capacity;

	private final long timeToLiveMillis;

	private final LinkedHashMap<Key, Seen> seen = new LinkedHashMap<>();

	/**
	 * Creates an empty register.
	 * @param capacity most pairs kept
	 * @param timeToLive how long a pair is kept; zero or negative keeps pairs until the
	 * capacity pushes them out
	 */
	public SeenNonces(int capacity, Duration timeToLive) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be positive");
		}
		this.capacity = capacity;
		this.timeToLiveMillis = timeToLive.toMillis();
	}

	/**
	 * Records a push, unless its pair was seen with another body.
	 * @param account the account id
	 * @param timestamp the {@code timestamp} parameter
	 * @param nonce the {@code nonce} parameter
	 * @param body the body
	 * @param nowMillis the current time
	 * @return {@code true} if the pair is new or was seen with the same body,
	 * {@code false} if with another body
	 */
	public boolean firstOrSameBody(String account, String timestamp, String nonce, byte[] body, long nowMillis) {
		byte[] digest = sha256(body);
		Key key = new Key(account, timestamp, nonce);
		synchronized (this.seen) {
			expire(nowMillis);
			Seen previous = this.seen.get(key);
			if (previous != null) {
				return MessageDigest.isEqual(previous.digest(), digest);
			}
			if (this.seen.size() >= this.capacity) {
				Iterator<Key> eldest = this.seen.keySet().iterator();
				eldest.next();
				eldest.remove();
			}
			this.seen.put(key,
					new Seen(digest, (this.timeToLiveMillis > 0) ? nowMillis + this.timeToLiveMillis : Long.MAX_VALUE));
			return true;
		}
	}

	/**
	 * How many pairs are kept.
	 * @return the number of pairs
	 */
	public int size() {
		synchronized (this.seen) {
			return this.seen.size();
		}
	}

	private void expire(long nowMillis) {
		// insertion order is expiry order: every pair lives equally long
		Iterator<Map.Entry<Key, Seen>> entries = this.seen.entrySet().iterator();
		while (entries.hasNext() && entries.next().getValue().expiresAt() <= nowMillis) {
			entries.remove();
		}
	}

	private static byte[] sha256(byte[] body) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(body);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	private record Key(String account, String timestamp, String nonce) {
	}

	private record Seen(byte[] digest, long expiresAt) {
	}

}
