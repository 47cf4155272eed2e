package io.saoma.loginprocessor.topology;

import java.time.Duration;

import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.QrTicket;

/**
 * When a scan is in time and when a pending ticket expires. Expiry is decided on the
 * scan's CreateTime (WeChat's clock, whole seconds), not on when it is processed: a scan
 * made at most {@code scanClockSkew} after {@code expiresAt} is in time however late it
 * is processed. A pending ticket expires {@code scanClockSkew + expiryGrace} after
 * {@code expiresAt}, so a scan made in time and delayed by up to the grace still finds
 * it.
 *
 * @param scanClockSkew how much later than {@code expiresAt} a scan may be made
 * @param expiryGrace how long after that a pending ticket waits for scans on their way
 */
record ExpiryRules(Duration scanClockSkew, Duration expiryGrace) {

	static ExpiryRules of(LoginTopologySettings settings) {
		return new ExpiryRules(settings.scanClockSkew(), settings.expiryGrace());
	}

	/**
	 * When a pending ticket expires: {@code expiresAt} plus the clock skew (scans made
	 * until then are in time) plus the expiry grace (scans made in time may still be on
	 * their way).
	 * @param ticket the ticket
	 * @return epoch millis
	 * @throws ArithmeticException if the ticket's expiresAt is so far off that this
	 * overflows
	 */
	long expiryDue(QrTicket ticket) {
		return Math.addExact(Math.addExact(ticket.getExpiresAt().toEpochMilli(), this.scanClockSkew.toMillis()),
				this.expiryGrace.toMillis());
	}

	/**
	 * Whether a scan was made before its ticket expired, by the scan's CreateTime and not
	 * by when it is processed: a scan delayed by lag or a failover still wins, a late one
	 * never does.
	 * @param scan a scan with a usable CreateTime ({@link ScanChecks})
	 * @param ticket its pending ticket
	 * @return {@code true} if {@code CreateTime <= expiresAt + skew}
	 */
	boolean madeInTime(WechatEvent scan, QrTicket ticket) {
		return scan.getCreateTime() * 1000 <= ticket.getExpiresAt().toEpochMilli() + this.scanClockSkew.toMillis();
	}

}
