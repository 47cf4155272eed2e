package io.saoma.loginprocessor.topology;

import java.time.Instant;

import io.saoma.schemas.LoginScans;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides logins: a new ticket is pending; a scan of a pending ticket logs in (or is
 * rejected if its scene or AppID disagree) and uses the ticket up; a scan made after
 * expiry or of a used ticket is rejected; a ticket nobody scanned expires. Each decision
 * writes its result, the login's status and the ticket's tombstone as one change, and
 * registers when the status is removed.
 */
final class Decisions {

	private static final Logger logger = LoggerFactory.getLogger(Decisions.class);

	private final Tickets tickets;

	private final Deadlines deadlines;

	private final MatcherOutputs outputs;

	private final MatcherMetrics metrics;

	private final ExpiryRules rules;

	private final LoginTopologySettings settings;

	Decisions(Tickets tickets, Deadlines deadlines, MatcherOutputs outputs, MatcherMetrics metrics,
			LoginTopologySettings settings) {
		this.tickets = tickets;
		this.deadlines = deadlines;
		this.outputs = outputs;
		this.metrics = metrics;
		this.rules = ExpiryRules.of(settings);
		this.settings = settings;
	}

	/**
	 * A new ticket: pending until it is scanned or expires.
	 * @param ticket the ticket
	 * @param expiryDue when it expires ({@link ExpiryRules#expiryDue(QrTicket)})
	 * @param now the time
	 */
	void open(QrTicket ticket, long expiryDue, long now) {
		this.tickets.addPending(ticket, expiryDue);
		this.outputs.status(LoginRecords.status(ticket, LoginState.PENDING, now).build());
	}

	/**
	 * The first scan of a pending ticket made in time: a login if the scene and AppID
	 * agree, a rejection otherwise; the ticket is used up either way.
	 * @param ticket the pending ticket
	 * @param scan the scan
	 * @param now the time
	 */
	void decide(QrTicket ticket, WechatEvent scan, long now) {
		String id = ticket.getTicket();
		boolean sameScene = LoginScans.scene(scan).equals(ticket.getScene())
				&& ticket.getAppId().equals(scan.getAppId());
		LoginResult result = LoginRecords
			.result(ticket, scan, sameScene ? LoginOutcome.SUCCEEDED : LoginOutcome.REJECTED, now)
			.setReason(sameScene ? null : "scene or AppID of the scan does not match the ticket")
			.build();
		// remembered while a scan made in time may still arrive, so that it is rejected
		// rather than held
		this.tickets.use(id, result,
				Math.max(now, this.rules.expiryDue(ticket)) + this.settings.scanGrace().toMillis());
		this.outputs.ticketGone(id);
		this.outputs.login(result);
		LoginStatus.Builder status = LoginRecords
			.status(ticket, sameScene ? LoginState.SUCCEEDED : LoginState.REJECTED, now)
			.setDecidedAt(Instant.ofEpochMilli(now));
		if (sameScene) {
			status.setCode(LoginCodes.next(ticket.getLoginId()))
				.setOpenId(scan.getFromUserName())
				.setNewFollower(LoginScans.isNewFollower(scan));
		}
		this.outputs.status(status.build());
		removeStatusLater(ticket.getLoginId(), now);
		this.metrics.decided(ticket.getAccount(), result.getOutcome(), now - ticket.getCreatedAt().toEpochMilli());
		if (!sameScene) {
			logger.warn("Rejected login {} of account '{}': {}", LoginCodes.redact(ticket.getLoginId()),
					ticket.getAccount(), result.getReason());
		}
	}

	/**
	 * A scan made after its ticket expired logs nobody in; the ticket stays pending until
	 * its expiry, since a scan made in time by someone else may still be on its way.
	 * @param ticket the pending ticket
	 * @param scan the late scan
	 * @param now the time
	 */
	void rejectLate(QrTicket ticket, WechatEvent scan, long now) {
		this.outputs.login(LoginRecords.result(ticket, scan, LoginOutcome.REJECTED, now)
			.setReason("scanned after the QR code expired")
			.build());
		this.metrics.decided(ticket.getAccount(), LoginOutcome.REJECTED, -1);
		logger.warn(
				"Rejected a scan of login {} of account '{}': made at {} (CreateTime), after the QR code expired at "
						+ "{} (+{} skew)",
				LoginCodes.redact(ticket.getLoginId()), ticket.getAccount(),
				Instant.ofEpochSecond(scan.getCreateTime()), ticket.getExpiresAt(), this.rules.scanClockSkew());
	}

	/**
	 * A scan of a ticket that is used up already.
	 * @param usedBy the result the ticket gave
	 * @param scan the later scan
	 * @param now the time
	 */
	void rejectUsed(LoginResult usedBy, WechatEvent scan, long now) {
		String reason = "ticket already used";
		this.outputs.login(LoginRecords.rejected(usedBy, scan, reason, now));
		this.metrics.decided(usedBy.getAccount(), LoginOutcome.REJECTED, -1);
		logger.warn("Rejected a scan of login {} of account '{}': {}", LoginCodes.redact(usedBy.getLoginId()),
				usedBy.getAccount(), reason);
	}

	/**
	 * A pending ticket nobody scanned in time expires.
	 * @param ticket the ticket
	 * @param now the time
	 */
	void expire(QrTicket ticket, long now) {
		this.tickets.removePending(ticket.getTicket());
		this.outputs.ticketGone(ticket.getTicket());
		this.outputs.login(LoginRecords.result(ticket, LoginOutcome.EXPIRED, now).build());
		this.outputs.status(
				LoginRecords.status(ticket, LoginState.EXPIRED, now).setDecidedAt(Instant.ofEpochMilli(now)).build());
		removeStatusLater(ticket.getLoginId(), now);
		this.metrics.decided(ticket.getAccount(), LoginOutcome.EXPIRED, -1);
	}

	private void removeStatusLater(String loginId, long now) {
		this.deadlines.register(now + this.settings.statusRetention().toMillis(), Deadlines.Kind.STATUS, loginId);
	}

}
