package io.saoma.loginprocessor.config;

import java.time.Duration;
import java.util.List;

import io.saoma.common.InvalidConfigurationException;
import io.saoma.common.config.PositiveDuration;
import io.saoma.loginprocessor.wechat.WechatLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The login flow: {@code login.*}.
 *
 * @param ticketTtl lifetime of a QR code when the request names none (at most
 * {@code max-ticket-ttl})
 * @param maxTicketTtl the longest lifetime a request may ask for ({@code ttlSeconds});
 * WeChat allows up to 30 days, but every ticket lives in the stores that long and its
 * stream may stay open that long
 * @param dedupRetention how long a scan is remembered to drop further deliveries of it:
 * WeChat's retries (within about 15 s) and replays the receiver still accepts (within
 * {@code wechat.receiver.replay-window}, 300 s by default)
 * @param scanGrace how long a scan that arrives before its ticket is held
 * @param statusRetention how long a decided login stays queryable and its code redeemable
 * @param expiryCheckInterval how often expiries are swept
 * @param statusWait how long a status request waits for a login that is not known yet
 * (its status appears a moment after it was created)
 * @param redeemApiKey the key login services present to redeem codes
 * ({@code Authorization: Bearer <key>})
 * @param corsAllowedOrigins origins of login pages served elsewhere that may call the
 * browser API (start, status, events); redemption is server-to-server and never allowed
 * cross-origin
 * @param requireCodeChallenge whether every start must carry a PKCE {@code codeChallenge}
 * (then every redemption needs its {@code codeVerifier})
 * @param instanceSecret a shared secret of the instances: when set, requests one instance
 * passes on to the owner of a login carry it ({@code X-Saoma-Instance-Secret}) and
 * instances refuse passed-on requests without it
 * @param limits the limits protecting the WeChat quota and this server from anonymous
 * callers
 * @param forward how requests are passed on to the instance that owns a login
 * @param scanClockSkew how far WeChat's clock may be off this one's: a scan whose
 * CreateTime is at most {@code expiresAt} plus this was made in time and logs in however
 * late it is processed (at most 1m)
 * @param expiryGrace how long a pending ticket waits after
 * {@code expiresAt + scan-clock-skew} for a scan made in time that is still on its way
 * (consumer lag, a failover) before it expires (at most 10m)
 * @param maxExpiriesPerSweep the most due entries (expiries, removals) one sweep handles,
 * so that one sweep's transaction stays small after an outage; the rest follow in the
 * next sweeps
 */
@Validated
@ConfigurationProperties("login")
public record LoginProperties(
		@DefaultValue("300s") @DurationMin(seconds = 1, message = "must be at least 1s") Duration ticketTtl,
		@DefaultValue("10m") @DurationMin(seconds = 1, message = MAX_TICKET_TTL_RANGE) @DurationMax(
				seconds = WechatLimits.MAX_QR_CODE_TTL_SECONDS, message = MAX_TICKET_TTL_RANGE) Duration maxTicketTtl,
		@DefaultValue("6m") @DurationMin(seconds = 20, message = "must be at least 20s") Duration dedupRetention,
		@DefaultValue("30s") @PositiveDuration Duration scanGrace,
		@DefaultValue("10m") @PositiveDuration Duration statusRetention,
		@DefaultValue("1s") @PositiveDuration Duration expiryCheckInterval,
		@DefaultValue("5s") @PositiveDuration Duration statusWait, String redeemApiKey,
		@DefaultValue List<String> corsAllowedOrigins, @DefaultValue("false") boolean requireCodeChallenge,
		String instanceSecret, @DefaultValue @Valid Limits limits, @DefaultValue @Valid Forward forward,
		@DefaultValue("5s") @DurationMin(seconds = 0, message = "must be between 0s and 1m") @DurationMax(minutes = 1,
				message = "must be between 0s and 1m") Duration scanClockSkew,
		@DefaultValue("15s") @DurationMin(seconds = 0, message = "must be between 0s and 10m") @DurationMax(
				minutes = 10, message = "must be between 0s and 10m") Duration expiryGrace,
		@DefaultValue("1000") @Min(value = 1, message = "must be at least 1") int maxExpiriesPerSweep) {

	private static final String MAX_TICKET_TTL_RANGE = "must be between 1s and " + WechatLimits.MAX_QR_CODE_TTL_SECONDS
			+ "s";

	/**
	 * Checks what no constraint can say: the secrets (Boot's validation report would
	 * print them) and the default lifetime against the longest one.
	 */
	public LoginProperties {
		// a longest lifetime out of range is reported by its own constraint, after this
		if (isTicketTtl(maxTicketTtl) && ticketTtl.compareTo(maxTicketTtl) > 0) {
			throw new InvalidConfigurationException("login.ticket-ttl",
					"must be between 1s and login.max-ticket-ttl (" + maxTicketTtl.toSeconds() + "s)",
					"A few minutes suits a login page; raise login.max-ticket-ttl for more.");
		}
		if (redeemApiKey == null || redeemApiKey.length() < 16) {
			throw new InvalidConfigurationException("login.redeem-api-key",
					(redeemApiKey == null) ? "is missing" : "must be at least 16 characters",
					"Set a long random secret; login services send it as 'Authorization: Bearer <key>' to redeem codes.");
		}
		if (instanceSecret != null && instanceSecret.isEmpty()) {
			instanceSecret = null;
		}
		if (instanceSecret != null && instanceSecret.length() < 16) {
			throw new InvalidConfigurationException("login.instance-secret", "must be at least 16 characters",
					"Set the same long random secret on every instance, or leave it unset with a single instance.");
		}
		if (limits == null) {
			limits = Limits.defaults();
		}
		if (forward == null) {
			forward = Forward.defaults();
		}
	}

	private static boolean isTicketTtl(Duration ttl) {
		return ttl.toSeconds() >= 1 && ttl.compareTo(WechatLimits.MAX_QR_CODE_TTL) <= 0;
	}

	@Override
	public String toString() {
		return "LoginProperties[ticketTtl=" + this.ticketTtl + ", maxTicketTtl=" + this.maxTicketTtl
				+ ", dedupRetention=" + this.dedupRetention + ", scanGrace=" + this.scanGrace + ", statusRetention="
				+ this.statusRetention + ", expiryCheckInterval=" + this.expiryCheckInterval + ", statusWait="
				+ this.statusWait + ", redeemApiKey=******, corsAllowedOrigins=" + this.corsAllowedOrigins
				+ ", requireCodeChallenge=" + this.requireCodeChallenge + ", instanceSecret="
				+ ((this.instanceSecret != null) ? "******" : "none") + ", limits=" + this.limits + ", forward="
				+ this.forward + ", scanClockSkew=" + this.scanClockSkew + ", expiryGrace=" + this.expiryGrace
				+ ", maxExpiriesPerSweep=" + this.maxExpiriesPerSweep + "]";
	}

	/**
	 * {@code login.limits.*}: what one client (and all clients together) may use. The
	 * counts are kept per instance, in memory: with N instances behind a load balancer, a
	 * client and an account get up to N times as much.
	 *
	 * @param clientAddressHeader the header a trusted reverse proxy puts the client's
	 * address in (e.g. {@code X-Forwarded-For}, of which the last address counts: the one
	 * the proxy added); unset, the connection's remote address is the client. Set it only
	 * behind a proxy that overwrites or appends to it, else clients choose their own
	 * address
	 * @param clientStarts how many logins one client may start per
	 * {@code client-starts-period}
	 * @param clientStartsPeriod the period of {@code client-starts}
	 * @param accountStarts how many logins may be started for one account per
	 * {@code account-starts-period}, all clients together: each is one
	 * {@code qrcode/create} of the AppID's daily quota
	 * @param accountStartsPeriod the period of {@code account-starts}
	 * @param trackedClients how many clients' start counts are kept at most (the least
	 * recently seen are forgotten)
	 * @param maxStreams how many status streams and waiting status requests this instance
	 * serves at once
	 * @param maxStreamsPerClient how many of them one client may have open at once
	 * @param headerTimeout the longest a request's line and headers may take to arrive,
	 * from the connection's opening or, on a keep-alive connection, from the next
	 * request's first byte; a connection that misses it is answered 408 (or just closed
	 * if nothing arrived). It covers only receiving the headers: status streams are not
	 * cut
	 */
	public record Limits(String clientAddressHeader,
			@DefaultValue("10") @Min(value = 1, message = "must be at least 1") int clientStarts,
			@DefaultValue("1m") @PositiveDuration Duration clientStartsPeriod,
			@DefaultValue("3000") @Min(value = 1, message = "must be at least 1") int accountStarts,
			@DefaultValue("1h") @PositiveDuration Duration accountStartsPeriod,
			@DefaultValue("100000") @Min(value = 1, message = "must be at least 1") int trackedClients,
			@DefaultValue("10000") @Min(value = 1, message = "must be at least 1") int maxStreams,
			@DefaultValue("10") @Min(value = 1, message = "must be at least 1") int maxStreamsPerClient,
			@DefaultValue("2s") @PositiveDuration Duration headerTimeout) {

		public Limits {
			if (clientAddressHeader != null && clientAddressHeader.isBlank()) {
				clientAddressHeader = null;
			}
		}

		/**
		 * The defaults.
		 * @return the limits when nothing is configured
		 */
		public static Limits defaults() {
			return new Limits(null, 10, Duration.ofMinutes(1), 3000, Duration.ofHours(1), 100_000, 10_000, 10,
					Duration.ofSeconds(2));
		}

	}

	/**
	 * {@code login.forward.*}: passing requests on to the instance that owns a login.
	 *
	 * @param connectTimeout how long connecting to the owner may take
	 * @param responseTimeout how long the owner may stay silent, before its answer and
	 * between two parts of it (a status stream sends a keep-alive every 15 s, so keep it
	 * above that)
	 */
	public record Forward(@DefaultValue("2s") @PositiveDuration Duration connectTimeout,
			@DefaultValue("30s") @DurationMin(seconds = 16,
					message = "must be at least 16s") Duration responseTimeout) {

		/**
		 * The defaults.
		 * @return the settings when nothing is configured
		 */
		public static Forward defaults() {
			return new Forward(Duration.ofSeconds(2), Duration.ofSeconds(30));
		}

	}

}
