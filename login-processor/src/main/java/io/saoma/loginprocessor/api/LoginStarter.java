package io.saoma.loginprocessor.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.saoma.common.AcknowledgedSends;
import io.saoma.loginprocessor.RandomTokens;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.QrTicket;
import reactor.core.publisher.Mono;

/**
 * Starts a login attempt: an unguessable scene and login id, a temporary QR code from
 * WeChat, and the pending ticket published to {@code wechat.qr-tickets}. The caller
 * learns the login only once the broker has acknowledged the ticket, so a scan can always
 * be matched.
 */
public class LoginStarter {

	private final Map<String, Account> accounts;

	private final AcknowledgedSends<String, Object> sends;

	private final Clock clock;

	public LoginStarter(Map<String, Account> accounts, AcknowledgedSends<String, Object> sends, Clock clock) {
		this.accounts = Map.copyOf(accounts);
		this.sends = sends;
		this.clock = clock;
	}

	/**
	 * Whether an account is configured.
	 * @param account the account id
	 * @return {@code true} if logins can be started for it
	 */
	public boolean knows(String account) {
		return this.accounts.containsKey(account);
	}

	/**
	 * Starts a login.
	 * @param account a configured account id
	 * @param ttl how long the QR code is valid
	 * @param codeChallenge the PKCE S256 challenge its code will be redeemed with, or
	 * {@code null}
	 * @return the started login
	 */
	public Mono<StartedLogin> start(String account, Duration ttl, String codeChallenge) {
		Account target = this.accounts.get(account);
		String scene = RandomTokens.urlSafe(16);
		String loginId = RandomTokens.urlSafe(24);
		return target.issuer().issue(scene, ttl).flatMap((qr) -> {
			Instant createdAt = this.clock.instant();
			Instant expiresAt = createdAt.plusSeconds(Math.min(qr.expireSeconds(), ttl.toSeconds()));
			QrTicket ticket = new QrTicket(loginId, account, target.appId(), scene, qr.ticket(), qr.content(),
					createdAt, expiresAt, codeChallenge);
			return this.sends.send(Topics.Names.QR_TICKETS, qr.ticket(), ticket)
				.thenReturn(new StartedLogin(loginId, qr.content(), qr.imageUrl(), imagePath(loginId, "svg"),
						imagePath(loginId, "png"), expiresAt));
		});
	}

	private static String imagePath(String loginId, String format) {
		return "/api/qr-logins/" + loginId + "/qr." + format;
	}

	/**
	 * An account logins can be started for.
	 *
	 * @param appId its AppID
	 * @param issuer its QR code issuer
	 */
	public record Account(String appId, QrCodeIssuer issuer) {
	}

	/**
	 * What the browser gets back.
	 *
	 * @param loginId its login id: the only key to its status, keep it secret
	 * @param qrContent the content to render as a QR code
	 * @param qrImageUrl WeChat's image of the same QR code
	 * @param qrSvgUrl this API's SVG of the same QR code, a path relative to the API's
	 * origin, served while the login is pending
	 * @param qrPngUrl the same as a PNG ({@code ?size=} pixels, 128 to 1024)
	 * @param expiresAt when the code expires
	 */
	public record StartedLogin(String loginId, String qrContent, String qrImageUrl, String qrSvgUrl, String qrPngUrl,
			Instant expiresAt) {
	}

}
