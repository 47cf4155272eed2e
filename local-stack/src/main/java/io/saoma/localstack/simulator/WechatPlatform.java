package io.saoma.localstack.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.saoma.localstack.DemoAccount;
import io.saoma.loginprocessor.RandomTokens;

/**
 * What the simulated WeChat platform remembers: the access tokens it handed out, the
 * temporary QR codes it created, with their scene, ticket and expiry, and the users who
 * follow the demo account (for {@code user/info}).
 */
public class WechatPlatform {

	private final Clock clock;

	private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

	private final Map<String, QrCode> byTicket = new ConcurrentHashMap<>();

	private final Map<String, QrCode> byContent = new ConcurrentHashMap<>();

	private final Map<String, Follower> followers = new ConcurrentHashMap<>();

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

	/**
	 * Notes that a user scanned a code of the demo account: a new follower followed by
	 * scanning ({@code ADD_SCENE_QR_CODE}); one already following is known from then on,
	 * as having followed some other way if it was not known before.
	 * @param openId the user
	 * @param newFollower whether the scan made the user follow
	 */
	public void scanned(String openId, boolean newFollower) {
		Follower follower = new Follower(newFollower ? "ADD_SCENE_QR_CODE" : "ADD_SCENE_OTHERS", this.clock.instant());
		if (newFollower) {
			this.followers.put(openId, follower);
		}
		else {
			this.followers.putIfAbsent(openId, follower);
		}
	}

	/**
	 * A user who follows the demo account.
	 * @param openId the user
	 * @return the follower, or {@code null} for an openid the platform never saw
	 */
	public Follower follower(String openId) {
		return (openId != null) ? this.followers.get(openId) : null;
	}

	/**
	 * The unionid of a user of the demo account, were it bound to an Open Platform
	 * account: the same for the same openid, in WeChat's shape (28 characters from
	 * {@code o}).
	 * @param openId the user
	 * @return the unionid
	 */
	public static String unionIdOf(String openId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(("saoma-simulated-unionid:" + openId).getBytes(StandardCharsets.UTF_8));
			return "o" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
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

	/**
	 * A user who follows the demo account.
	 *
	 * @param subscribeScene how the user came to follow
	 * @param followedAt when the platform learnt it
	 */
	public record Follower(String subscribeScene, Instant followedAt) {
	}

}
