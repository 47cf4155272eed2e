package io.saoma.bench.forwarder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What was sent and what arrived at the fake Authing: each event's user, its number for
 * that user and when it was meant to be sent; each arrival in arrival order. Tells
 * duplicates (an event relayed twice), events not arrived, and arrivals out of a user's
 * order (an event arriving after a later one of the same user).
 */
final class RelayLedger {

	private final Map<String, Sent> sent = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> arrivals = new ConcurrentHashMap<>();

	private final Map<String, Long> lastSequence = new ConcurrentHashMap<>();

	private final LongAdder unknown = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder outOfOrder = new LongAdder();

	private final AtomicLong arrived = new AtomicLong();

	private volatile long firstArrivalNanos;

	private volatile long lastArrivalNanos;

	private volatile ArrivalListener listener = (sent, nanos) -> {
	};

	/**
	 * Records an event sent.
	 * @param eventId its delivery id (what the relay sends as
	 * {@code X-Saoma-Delivery-Id})
	 * @param user its user
	 * @param sequence its number for that user, from 0, increasing in sending order
	 * @param sentNanos when it was (meant to be) sent
	 */
	void sent(String eventId, String user, long sequence, long sentNanos) {
		this.sent.put(eventId, new Sent(user, sequence, sentNanos));
	}

	/**
	 * Records an arrival (called by the endpoint, one request at a time per user is not
	 * assumed).
	 * @param eventId the delivery id, {@code null} if the request had none
	 * @param nanos when it arrived
	 */
	void arrived(String eventId, long nanos) {
		Sent event = (eventId != null) ? this.sent.get(eventId) : null;
		if (event == null) {
			this.unknown.increment();
			return;
		}
		if (this.arrivals.computeIfAbsent(eventId, (id) -> new AtomicLong()).incrementAndGet() > 1) {
			this.duplicates.increment();
			return;
		}
		this.lastSequence.compute(event.user(), (user, last) -> {
			if (last != null && last > event.sequence()) {
				this.outOfOrder.increment();
				return last;
			}
			return event.sequence();
		});
		if (this.arrived.incrementAndGet() == 1) {
			this.firstArrivalNanos = nanos;
		}
		this.lastArrivalNanos = Math.max(this.lastArrivalNanos, nanos);
		this.listener.arrived(event, nanos);
	}

	/**
	 * Calls back on each first arrival of an event.
	 * @param listener the listener
	 */
	void onArrival(ArrivalListener listener) {
		this.listener = listener;
	}

	/** Forgets the arrival times (not the checks), for a new measurement. */
	void restartClock() {
		this.arrived.set(0);
		this.firstArrivalNanos = 0;
		this.lastArrivalNanos = 0;
	}

	long arrived() {
		return this.arrived.get();
	}

	long firstArrivalNanos() {
		return this.firstArrivalNanos;
	}

	long lastArrivalNanos() {
		return this.lastArrivalNanos;
	}

	long missing() {
		return this.sent.keySet().stream().filter((id) -> !this.arrivals.containsKey(id)).count();
	}

	long duplicates() {
		return this.duplicates.sum();
	}

	long outOfOrder() {
		return this.outOfOrder.sum();
	}

	long unknown() {
		return this.unknown.sum();
	}

	/** An event sent. */
	record Sent(String user, long sequence, long sentNanos) {
	}

	/** Called on an event's first arrival. */
	interface ArrivalListener {

		void arrived(Sent sent, long nanos);

	}

}
