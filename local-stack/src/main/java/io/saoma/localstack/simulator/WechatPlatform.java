package io.saoma.localstack.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.saoma.localstack.DemoAccount;
import io.saoma.loginprocessor.RandomTokens;

/**
 * What the simulated WeChat platform remembers: the access tokens it handed out and the
 * temporary QR codes it created, with their scene, ticket and expiry.
 */
public class WechatPlatform {

	private final Clock clock;

	private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

	private final Map<String, QrCode> byTicket = new ConcurrentHashMap<>();

	private final Map<String, QrCode> byContent = new ConcurrentHashMap<>();

	private volatile String stableToken;

	public WechatPlatform(Clock clock) {
		this.clock = clock;
	}

	/**
	 * {@code stable_token} in normal mode: the same token while it is valid.
	 * @param appId the AppID
	 * @param secret the AppSecret
	 * @return the token, or {@code null} for unknown credentials
	 */
	public synchronized String stableToken(String appId, String secret) {
		if (!DemoAccount.APP_ID.equals(appId) || !DemoAccount.APP_SECRET.equals(secret)) {
			return null;
		}
		if (this.stableToken == null || !this.tokens.containsKey(this.stableToken)) {
			this.stableToken = random(96);
			this.tokens.put(this.stableToken, this.clock.instant().plusSeconds(7200));
		}
		return this.stableToken;
	}

	/**
	 * {@code token}: a new token on every call, which invalidates the previous one after
	 * a short overlap (WeChat keeps it usable for about 5 minutes; here at once), the
	 * behaviour that makes several token holders fight.
	 * @param appId the AppID
	 * @param secret the AppSecret
	 * @return the token, or {@code null} for unknown credentials
	 */
	public synchronized String token(String appId, String secret) {
		if (!DemoAccount.APP_ID.equals(appId) || !DemoAccount.APP_SECRET.equals(secret)) {
			return null;
		}
		this.tokens.clear();
		this.stableToken = null;
		String token = random(96);
		this.tokens.put(token, this.clock.instant().plusSeconds(7200));
		return token;
	}

	/**
	 * Whether a token is valid.
	 * @param token the token
	 * @return {@code true} if it was issued and has not expired
	 */
	public boolean isValid(String token) {
		Instant expiry = (token != null) ? this.tokens.get(token) : null;
		return expiry != null && this.clock.instant().isBefore(expiry);
	}

	/**
	 * Creates a temporary QR code.
	 * @param scene the scene
	 * @param expireSeconds its lifetime
	 * @return the code
	 */
	public QrCode create(String scene, long expireSeconds) {
		String ticket = Base64.getEncoder().encodeToString(RandomTokens.bytes(48));
		String content = "http://weixin.qq.com/q/" + random(22);
		QrCode code = new QrCode(ticket, scene, content, this.clock.instant().plusSeconds(expireSeconds),
				expireSeconds);
		this.byTicket.put(ticket, code);
		this.byContent.put(content, code);
		return code;
	}

	/**
	 * Finds a code by its ticket.
	 * @param ticket the ticket
	 * @return the code, or {@code null}
	 */
	public QrCode byTicket(String ticket) {
		return this.byTicket.get(ticket);
	}

	/**
	 * Finds a code by what is encoded in it (what a phone reads).
	 * @param content the content
	 * @return the code, or {@code null}
	 */
	public QrCode byContent(String content) {
		return this.byContent.get(content);
	}

	/**
	 * Whether a code has expired.
	 * @param code the code
	 * @return {@code true} once its expiry passed
	 */
	public boolean isExpired(QrCode code) {
		return !this.clock.instant().isBefore(code.expiresAt());
	}

	private static String random(int length) {
		return RandomTokens.urlSafe(length).substring(0, length);
	}

	/**
	 * A temporary QR code.
	 *
	 * @param ticket its ticket
	 * @param scene its scene string
	 * @param content what is encoded in it
	 * @param expiresAt when it expires
	 * @param expireSeconds its lifetime
	 */
	public record QrCode(String ticket, String scene, String content, Instant expiresAt, long expireSeconds) {
	}

}
