package io.saoma.loginprocessor.topology;

import java.time.Instant;

import io.saoma.schemas.LoginScans;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;

/**
 * Builds the records the matcher emits: a {@link LoginResult} for {@code wechat.logins}
 * and a {@link LoginStatus} for {@code wechat.login-status}, from a ticket and the scan
 * that decided it.
 */
final class LoginRecords {

	private LoginRecords() {
	}

	/**
	 * The result of a ticket.
	 * @param ticket the ticket
	 * @param outcome the outcome
	 * @param now when it was decided, epoch millis
	 * @return a builder with every field of the ticket and no scan
	 */
	static LoginResult.Builder result(QrTicket ticket, LoginOutcome outcome, long now) {
		return LoginResult.newBuilder()
			.setLoginId(ticket.getLoginId())
			.setAccount(ticket.getAccount())
			.setAppId(ticket.getAppId())
			.setOutcome(outcome)
			.setScene(ticket.getScene())
			.setTicket(ticket.getTicket())
			.setCreatedAt(ticket.getCreatedAt())
			.setExpiresAt(ticket.getExpiresAt())
			.setDecidedAt(Instant.ofEpochMilli(now));
	}

	/**
	 * The result of a ticket decided by a scan.
	 * @param ticket the ticket
	 * @param scan the scan
	 * @param outcome the outcome
	 * @param now when it was decided, epoch millis
	 * @return a builder with every field of the ticket and of the scan
	 */
	static LoginResult.Builder result(QrTicket ticket, WechatEvent scan, LoginOutcome outcome, long now) {
		return withScan(result(ticket, outcome, now), scan);
	}

	/**
	 * A later scan of a used ticket, rejected: the result the ticket gave, with this
	 * scan.
	 * @param usedBy the ticket's result
	 * @param scan the later scan
	 * @param reason why it was rejected
	 * @param now when it was decided, epoch millis
	 * @return the result
	 */
	static LoginResult rejected(LoginResult usedBy, WechatEvent scan, String reason, long now) {
		return withScan(LoginResult.newBuilder(usedBy), scan).setOutcome(LoginOutcome.REJECTED)
			.setDecidedAt(Instant.ofEpochMilli(now))
			.setReason(reason)
			.build();
	}

	/**
	 * The status of a ticket's login.
	 * @param ticket the ticket
	 * @param state the state
	 * @param now when it changed, epoch millis
	 * @return a builder with every field of the ticket
	 */
	static LoginStatus.Builder status(QrTicket ticket, LoginState state, long now) {
		return LoginStatus.newBuilder()
			.setLoginId(ticket.getLoginId())
			.setAccount(ticket.getAccount())
			.setAppId(ticket.getAppId())
			.setState(state)
			.setExpiresAt(ticket.getExpiresAt())
			.setUpdatedAt(Instant.ofEpochMilli(now))
			.setScene(ticket.getScene())
			.setCodeChallenge(ticket.getCodeChallenge())
			.setQrContent(ticket.getQrContent());
	}

	private static LoginResult.Builder withScan(LoginResult.Builder result, WechatEvent scan) {
		return result.setOpenId(scan.getFromUserName())
			.setNewFollower(LoginScans.isNewFollower(scan))
			.setScannedAt(Instant.ofEpochSecond(scan.getCreateTime()))
			.setScanEventId(scan.getEventId());
	}

}
