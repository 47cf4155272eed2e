package io.saoma.bench.endtoend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.saoma.bench.load.PushFactory;

/**
 * One login of a run: what the API answered, its scan push, and what was seen of it.
 */
final class Login {

	private final String loginId;

	private final PushFactory.Push scan;

	private volatile long intendedScanNanos;

	private volatile boolean acknowledged;

	private final AtomicLong succeededNanos = new AtomicLong();

	private final AtomicLong sseNanos = new AtomicLong();

	private final AtomicInteger succeeded = new AtomicInteger();

	private final AtomicInteger otherOutcomes = new AtomicInteger();

	Login(String loginId, PushFactory.Push scan) {
		this.loginId = loginId;
		this.scan = scan;
	}

	String loginId() {
		return this.loginId;
	}

	PushFactory.Push scan() {
		return this.scan;
	}

	void scanIntendedAt(long nanos) {
		this.intendedScanNanos = nanos;
	}

	/** The receiver answered its scan push {@code success}. */
	void acknowledged() {
		this.acknowledged = true;
	}

	boolean isAcknowledged() {
		return this.acknowledged;
	}

	long intendedScanNanos() {
		return this.intendedScanNanos;
	}

	/**
	 * A {@code SUCCEEDED} result of this login was read from {@code wechat.logins}.
	 * @param nanos when
	 */
	void succeededAt(long nanos) {
		if (this.succeeded.incrementAndGet() == 1) {
			this.succeededNanos.set(nanos);
		}
	}

	/** Another outcome (EXPIRED, REJECTED) of this login was read. */
	void otherOutcome() {
		this.otherOutcomes.incrementAndGet();
	}

	/**
	 * Its SSE stream said {@code SUCCEEDED}.
	 * @param nanos when
	 */
	void sseSucceededAt(long nanos) {
		this.sseNanos.compareAndSet(0, nanos);
	}

	int succeededCount() {
		return this.succeeded.get();
	}

	int otherOutcomes() {
		return this.otherOutcomes.get();
	}

	long succeededNanos() {
		return this.succeededNanos.get();
	}

	long sseNanos() {
		return this.sseNanos.get();
	}

}
