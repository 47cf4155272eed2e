package io.saoma.loginprocessor.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.saoma.loginprocessor.config.LoginProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;

/**
 * What anonymous callers may use of this instance ({@code login.limits.*}): token buckets
 * (Bucket4j) for starting logins, per client and per account (each start is one
 * {@code qrcode/create} of the AppID's daily quota), and counters of the open status
 * streams, in all and per client. Everything is in memory, per instance.
 */
public class LoginLimits {

	private static final Logger logger = LoggerFactory.getLogger(LoginLimits.class);

	/** How long a client refused a stream is asked to wait. */
	static final long STREAM_RETRY_AFTER_SECONDS = 5;

	private final LoginProperties.Limits limits;

	private final Cache<String, Bucket> clientStarts;

	private final Map<String, Bucket> accountStarts = new ConcurrentHashMap<>();

	private final AtomicInteger streams = new AtomicInteger();

	private final Map<String, Integer> clientStreams = new ConcurrentHashMap<>();

	public LoginLimits(LoginProperties.Limits limits) {
		this.limits = limits;
		this.clientStarts = Caffeine.newBuilder()
			.maximumSize(limits.trackedClients())
			.expireAfterAccess(limits.clientStartsPeriod())
			.build();
	}

	/**
	 * Takes one start from the client's and then from the account's allowance.
	 * @param client the client's address
	 * @param account a configured account id
	 * @throws ApiException 429 {@code too_many_requests} with the seconds to wait when
	 * either is used up
	 */
	public void start(String client, String account) {
		Bucket perClient = this.clientStarts.get(client,
				(key) -> bucket(this.limits.clientStarts(), this.limits.clientStartsPeriod()));
		ConsumptionProbe clientProbe = perClient.tryConsumeAndReturnRemaining(1);
		if (!clientProbe.isConsumed()) {
			throw ApiException.tooManyRequests("too many logins started from this address; retry later",
					seconds(clientProbe));
		}
		Bucket perAccount = this.accountStarts.computeIfAbsent(account,
				(key) -> bucket(this.limits.accountStarts(), this.limits.accountStartsPeriod()));
		ConsumptionProbe accountProbe = perAccount.tryConsumeAndReturnRemaining(1);
		if (!accountProbe.isConsumed()) {
			logger.warn(
					"Refused to start a login of account '{}': login.limits.account-starts ({} per {}) is used up,"
							+ " protecting the AppID's qrcode/create quota",
					account, this.limits.accountStarts(), this.limits.accountStartsPeriod());
			throw ApiException.tooManyRequests("too many logins are being started for this account; retry later",
					seconds(accountProbe));
		}
	}

	/**
	 * Opens a status stream (or a waiting status request) for a client.
	 * @param client the client's address
	 * @return what closes it again; closing twice is harmless
	 * @throws ApiException 429 {@code too_many_requests} when the client has too many
	 * open, 503 {@code unavailable} when this instance has
	 */
	public Runnable openStream(String client) {
		if (this.streams.incrementAndGet() > this.limits.maxStreams()) {
			this.streams.decrementAndGet();
			logger.warn("Refused a status stream: login.limits.max-streams ({}) are open", this.limits.maxStreams());
			throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
					"too many status streams are open on this server; retry later", STREAM_RETRY_AFTER_SECONDS);
		}
		AtomicBoolean refused = new AtomicBoolean();
		this.clientStreams.compute(client, (key, open) -> {
			int count = (open != null) ? open : 0;
			if (count >= this.limits.maxStreamsPerClient()) {
				refused.set(true);
				return open;
			}
			return count + 1;
		});
		if (refused.get()) {
			this.streams.decrementAndGet();
			throw ApiException.tooManyRequests("too many status streams are open from this address; close one",
					STREAM_RETRY_AFTER_SECONDS);
		}
		AtomicBoolean closed = new AtomicBoolean();
		return () -> {
			if (closed.compareAndSet(false, true)) {
				this.clientStreams.computeIfPresent(client, (key, open) -> (open <= 1) ? null : open - 1);
				this.streams.decrementAndGet();
			}
		};
	}

	/**
	 * How many status streams are open on this instance.
	 * @return the count
	 */
	public int openStreams() {
		return this.streams.get();
	}

	private static Bucket bucket(int capacity, Duration period) {
		return Bucket.builder().addLimit((limit) -> limit.capacity(capacity).refillGreedy(capacity, period)).build();
	}

	private static long seconds(ConsumptionProbe probe) {
		return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
	}

}
