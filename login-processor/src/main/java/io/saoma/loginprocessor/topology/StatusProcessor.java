package io.saoma.loginprocessor.topology;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

import io.saoma.schemas.S256;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.RedemptionRequest;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of every login's browser-facing status: materializes
 * {@code wechat.login-status} into the queryable store
 * {@value LoginTopology#LOGIN_STATUS_STORE} and decides redemptions, exactly once for the
 * whole cluster, in the task that owns the login.
 * <ul>
 * <li>A status record (read committed) updates the store and tells the
 * {@link StatusListener}. A REDEEMED status is final: nothing after it changes the login
 * but its tombstone. A REDEEMED status for a login the store does not have (it landed
 * after the login's tombstone) is ignored and tombstoned again, so the compacted topic
 * does not keep the identity for ever.</li>
 * <li>A {@link RedemptionRequest} is a check-and-set: if the login is SUCCEEDED, its code
 * matches the request's hash and no other request claimed it, the request claims it
 * ({@value #CLAIMS_STORE}) and a REDEEMED status carrying the request's id is written to
 * {@code wechat.login-status}, all in the task's transaction; otherwise nothing changes.
 * The API hands the identity out only once it reads that REDEEMED back (committed) with
 * its own request id.</li>
 * </ul>
 */
public class StatusProcessor implements Processor<String, StatusProcessor.Input, String, LoginStatus> {

	/**
	 * Claims of redemptions written but not yet read back, by loginId: the id of the
	 * winning request.
	 */
	public static final String CLAIMS_STORE = "redemption-claims";

	private static final Logger logger = LoggerFactory.getLogger(StatusProcessor.class);

	private final StatusListener listener;

	private ProcessorContext<String, LoginStatus> context;

	private TimestampedKeyValueStore<String, LoginStatus> statuses;

	private KeyValueStore<String, String> claims;

	public StatusProcessor(StatusListener listener) {
		this.listener = listener;
	}

	@Override
	public void init(ProcessorContext<String, LoginStatus> context) {
		this.context = context;
		this.statuses = context.getStateStore(LoginTopology.LOGIN_STATUS_STORE);
		this.claims = context.getStateStore(CLAIMS_STORE);
	}

	@Override
	public void process(Record<String, Input> record) {
		String loginId = record.key();
		if (loginId == null || record.value() == null) {
			return;
		}
		if (record.value().request() != null) {
			onRequest(loginId, record.value().request());
		}
		else {
			onStatus(loginId, record.value().status(), record.timestamp());
		}
	}

	private void onStatus(String loginId, LoginStatus status, long timestamp) {
		LoginStatus current = valueOf(this.statuses.get(loginId));
		if (status == null) {
			this.claims.delete(loginId);
			if (current != null) {
				this.statuses.delete(loginId);
				this.listener.onStatus(loginId, null);
			}
			return;
		}
		if (current == null && status.getState() == LoginState.REDEEMED) {
			this.claims.delete(loginId);
			logger.info("Ignored the redemption of login {}: it was removed before (status retention); removed again",
					LoginCodes.redact(loginId));
			this.context.forward(new Record<>(loginId, null, this.context.currentSystemTimeMs()));
			return;
		}
		if (current != null && current.getState() == LoginState.REDEEMED) {
			if (!sameRedemption(current, status)) {
				logger.warn("Ignored a {} status of login {}: it was redeemed before", status.getState(),
						LoginCodes.redact(loginId));
			}
			return;
		}
		this.statuses.put(loginId, ValueAndTimestamp.make(status, timestamp));
		if (status.getState() == LoginState.REDEEMED) {
			this.claims.delete(loginId);
		}
		this.listener.onStatus(loginId, status);
	}

	private void onRequest(String loginId, RedemptionRequest request) {
		LoginStatus current = valueOf(this.statuses.get(loginId));
		if (current == null || current.getState() != LoginState.SUCCEEDED || current.getCode() == null
				|| !MessageDigest.isEqual(codeHash(current.getCode()).getBytes(StandardCharsets.US_ASCII),
						request.getCodeHash().getBytes(StandardCharsets.US_ASCII))) {
			logger.debug("Redemption request {} of login {} changes nothing (state {})", request.getRequestId(),
					LoginCodes.redact(loginId), (current != null) ? current.getState() : "none");
			return;
		}
		String claimedBy = this.claims.get(loginId);
		if (claimedBy != null) {
			logger.debug("Redemption request {} of login {} lost to {}", request.getRequestId(),
					LoginCodes.redact(loginId), claimedBy);
			return;
		}
		this.claims.put(loginId, request.getRequestId());
		long now = Math.max(this.context.currentSystemTimeMs(), current.getUpdatedAt().toEpochMilli());
		LoginStatus redeemed = LoginStatus.newBuilder(current)
			.setState(LoginState.REDEEMED)
			.setRedemptionId(request.getRequestId())
			.setUpdatedAt(Instant.ofEpochMilli(now))
			.build();
		this.context.forward(new Record<>(loginId, redeemed, now));
	}

	private static boolean sameRedemption(LoginStatus current, LoginStatus status) {
		return status.getState() == LoginState.REDEEMED && current.getRedemptionId() != null
				&& current.getRedemptionId().equals(status.getRedemptionId());
	}

	private static LoginStatus valueOf(ValueAndTimestamp<LoginStatus> entry) {
		return (entry != null) ? entry.value() : null;
	}

	/**
	 * The hash of a one-time code a {@link RedemptionRequest} carries instead of the
	 * code: its {@link S256} transform.
	 * @param code the code
	 * @return BASE64URL(SHA-256(code)) without padding
	 */
	public static String codeHash(String code) {
		return S256.of(code);
	}

	/**
	 * One input of the processor: a status from {@code wechat.login-status} (a
	 * {@code null} status is its tombstone) or a request from
	 * {@code wechat.login-redemptions}.
	 *
	 * @param status the status, or {@code null}
	 * @param request the request, or {@code null}
	 */
	public record Input(LoginStatus status, RedemptionRequest request) {

		static Input status(LoginStatus status) {
			return new Input(status, null);
		}

		static Input request(RedemptionRequest request) {
			return new Input(null, request);
		}

	}

}
