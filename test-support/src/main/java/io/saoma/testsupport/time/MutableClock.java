package io.saoma.testsupport.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock a test moves by hand, to cross expiries, windows and open durations without
 * waiting. Safe to read from other threads than the one that moves it.
 */
public final class MutableClock extends Clock {

	private volatile Instant now;

	/**
	 * A clock that stands at {@code start} until moved.
	 * @param start the first instant it tells
	 */
	public MutableClock(Instant start) {
		this.now = start;
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	/**
	 * This clock: it tells instants, and every test reads them in UTC.
	 */
	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
