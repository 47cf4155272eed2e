package io.saoma.receiver.web;

import java.time.Clock;
import java.time.Duration;

import io.netty.channel.ChannelException;
import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.config.WechatAccounts;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.receiver.metrics.PushMetrics;
import io.saoma.receiver.publish.BrokerBusyException;
import io.saoma.receiver.publish.EventPublisher;
import io.saoma.receiver.push.Outcome;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.push.PushRejectedException;
import io.saoma.receiver.push.PushRequest;
import io.saoma.receiver.reply.WelcomeReplies;
import io.saoma.schemas.event.WechatEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The WeChat server URL: {@code GET} answers the URL verification, {@code POST} verifies,
 * decodes and publishes a push and answers {@code success} only once the broker has
 * acknowledged it. A request that cannot be authenticated (a missing or wrong signature
 * parameter) is answered 401 {@code bad_signature} before its body is read. Every error
 * answer is JSON {@code {"error": "<outcome>", "message": "<short reason>"}} and closes
 * the connection ({@code Connection: close}): many are given before the body is read, and
 * a client that then stalls must not keep its connection.
 * <p>
 * Limits: at most {@code maxConcurrentPushes} authenticated pushes are read, decoded and
 * published at once (a further one is answered 503 {@link Outcome#OVERLOADED overloaded}
 * at once, its body unread), and a push not answered within {@code requestDeadline} of
 * its arrival is answered 503 {@link Outcome#DEADLINE_EXCEEDED deadline_exceeded}.
 * Rejections are logged through a {@link RejectionLog}, so a flood of them is a few
 * lines.
 */
public class WechatHandler {

	private static final Logger logger = LoggerFactory.getLogger(WechatHandler.class);

	private static final String SUCCESS = "success";

	private final WechatAccounts accounts;

	private final PushDecoder decoder;

	private final EventPublisher publisher;

	private final PushMetrics metrics;

	private final RequestBodies bodies;

	private final Clock clock;

	private final InFlightLimit inFlight;

	private final Duration requestDeadline;

	private final RejectionLog rejections;

	private final WelcomeReplies replies;

	/**
	 * Creates a handler with the default limits (64 concurrent pushes, a 4.5 s deadline,
	 * one rejection line per minute and key).
	 */
	public WechatHandler(WechatAccounts accounts, PushDecoder decoder, EventPublisher publisher, PushMetrics metrics,
			RequestBodies bodies, Clock clock) {
		this(accounts, decoder, publisher, metrics, bodies, clock, 64, Duration.ofMillis(4500),
				RejectionLog.warnings(Duration.ofMinutes(1)));
	}

	public WechatHandler(WechatAccounts accounts, PushDecoder decoder, EventPublisher publisher, PushMetrics metrics,
			RequestBodies bodies, Clock clock, int maxConcurrentPushes, Duration requestDeadline,
			RejectionLog rejections) {
		this(accounts, decoder, publisher, metrics, bodies, clock, maxConcurrentPushes, requestDeadline, rejections,
				WelcomeReplies.NONE);
	}

	/**
	 * Creates a handler that answers a new follower's {@code subscribe} with its
	 * account's welcome text, once the push is durably written.
	 */
	public WechatHandler(WechatAccounts accounts, PushDecoder decoder, EventPublisher publisher, PushMetrics metrics,
			RequestBodies bodies, Clock clock, int maxConcurrentPushes, Duration requestDeadline,
			RejectionLog rejections, WelcomeReplies replies) {
		this.replies = replies;
		this.accounts = accounts;
		this.decoder = decoder;
		this.publisher = publisher;
		this.metrics = metrics;
		this.bodies = bodies;
		this.clock = clock;
		this.inFlight = new InFlightLimit(maxConcurrentPushes);
		this.requestDeadline = requestDeadline;
		this.rejections = rejections;
	}

	/**
	 * How many pushes are being read, decoded or published now.
	 * @return at most {@code maxConcurrentPushes}
	 */
	public int pushesInFlight() {
		return this.inFlight.inFlight();
	}

	/**
	 * URL verification: answers the {@code echostr} exactly when the signature over
	 * (token, timestamp, nonce) matches.
	 * @param request the GET
	 * @return the answer
	 */
	public Mono<ServerResponse> verify(ServerRequest request) {
		WechatAccount account = this.accounts.find(request.pathVariable("account"));
		if (account == null) {
			this.metrics.verification(PushMetrics.UNKNOWN_ACCOUNT, Outcome.UNKNOWN_ACCOUNT);
			return error(Outcome.UNKNOWN_ACCOUNT, "no account is configured under this id");
		}
		String missing = firstMissing(request, "signature", "timestamp", "nonce", "echostr");
		if (missing != null) {
			this.metrics.verification(account.id(), Outcome.BAD_SIGNATURE);
			this.rejections.rejected("URL verification", account.id(), statusAndTag(Outcome.BAD_SIGNATURE),
					"query parameter " + missing + " is missing (WeChat always sends signature, timestamp, nonce and"
							+ " echostr: is this request from WeChat?)");
			return error(Outcome.BAD_SIGNATURE, "query parameter " + missing + " is missing");
		}
		String echostr = request.queryParam("echostr").orElseThrow();
		if (!WechatSignature.matches(request.queryParam("signature").orElseThrow(), account.token(),
				request.queryParam("timestamp").orElseThrow(), request.queryParam("nonce").orElseThrow())) {
			this.metrics.verification(account.id(), Outcome.BAD_SIGNATURE);
			this.rejections.rejected("URL verification", account.id(), statusAndTag(Outcome.BAD_SIGNATURE),
					"signature does not match (is wechat.accounts." + account.id()
							+ ".token the Token entered in the WeChat console?)");
			return error(Outcome.BAD_SIGNATURE, "signature does not match");
		}
		this.metrics.verification(account.id(), Outcome.ACCEPTED);
		logger.info("URL verification for account '{}' succeeded", account.id());
		return ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(echostr);
	}

	/**
	 * A push: answers {@code success} after the broker acknowledged it, an error status
	 * otherwise.
	 * @param request the POST
	 * @return the answer
	 */
	public Mono<ServerResponse> receive(ServerRequest request) {
		long start = System.nanoTime();
		WechatAccount account = this.accounts.find(request.pathVariable("account"));
		if (account == null) {
			this.metrics.push(PushMetrics.UNKNOWN_ACCOUNT, Outcome.UNKNOWN_ACCOUNT, start);
			return error(Outcome.UNKNOWN_ACCOUNT, "no account is configured under this id");
		}
		Mono<ServerResponse> unauthenticated = authenticate(account, request, start);
		if (unauthenticated != null) {
			return unauthenticated;
		}
		return this.inFlight.guard(Mono.defer(() -> process(request, account, start)),
				Mono.defer(() -> shed(account, Outcome.OVERLOADED,
						this.inFlight.limit() + " pushes are in flight (wechat.receiver.max-concurrent-pushes)",
						start)));
	}

	private Mono<ServerResponse> process(ServerRequest request, WechatAccount account, long start) {
		Duration left = this.requestDeadline.minusNanos(System.nanoTime() - start);
		return this.bodies.read(request)
			.onErrorMap(WechatHandler::isBodyFailure, BodyFailure::new)
			.map((body) -> toPushRequest(request, body))
			.flatMap((push) -> decodeAndPublish(account, push))
			.flatMap((published) -> {
				this.metrics.push(account.id(), Outcome.ACCEPTED, start);
				String reply = this.replies.replyTo(account, published.event(), published.encrypted());
				return (reply != null) ? ServerResponse.ok().contentType(MediaType.APPLICATION_XML).bodyValue(reply)
						: ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(SUCCESS);
			})
			.onErrorResume(DataBufferLimitException.class,
					(ex) -> reject(account,
							new PushRejectedException(Outcome.TOO_LARGE,
									"body is larger than " + this.bodies.maxBytes() + " bytes"),
							start))
			.onErrorResume(PushRejectedException.class, (ex) -> reject(account, ex, start))
			.onErrorResume(BodyFailure.class, (ex) -> bodyFailed(account, ex.getCause(), start))
			.onErrorResume(BrokerBusyException.class,
					(ex) -> shed(account, Outcome.BROKER_BUSY,
							ex.getMessage() + " (wechat.receiver.max-pending-sends; check the Kafka cluster and"
									+ " /actuator/health)",
							start))
			.onErrorResume((ex) -> failed(account, ex, start))
			.timeout(left.isNegative() ? Duration.ZERO : left, Mono.defer(() -> shed(account, Outcome.DEADLINE_EXCEEDED,
					"not answered within " + this.requestDeadline.toMillis() + "ms (wechat.receiver.request-deadline)",
					start)));
	}

	/**
	 * Authenticates a push as far as its query allows, before its body is read: WeChat
	 * always sends {@code signature}, {@code timestamp} and {@code nonce}
	 * ({@code signature} over (token, timestamp, nonce), in every encryption mode), and
	 * {@code msg_signature} with {@code encrypt_type=aes}; that one covers the body and
	 * is checked by the {@link PushDecoder}.
	 * @return a 401 answer, or {@code null} if the push may be read
	 */
	private Mono<ServerResponse> authenticate(WechatAccount account, ServerRequest request, long start) {
		boolean aes = "aes".equalsIgnoreCase(request.queryParam("encrypt_type").orElse(null));
		String missing = aes ? firstMissing(request, "signature", "timestamp", "nonce", "msg_signature")
				: firstMissing(request, "signature", "timestamp", "nonce");
		if (missing != null) {
			this.metrics.push(account.id(), Outcome.BAD_SIGNATURE, start);
			this.rejections.rejected("push", account.id(), statusAndTag(Outcome.BAD_SIGNATURE),
					"query parameter " + missing + " is missing (WeChat always sends it"
							+ (aes ? " with encrypt_type=aes" : "")
							+ ": is this request from WeChat, or does a proxy drop the query?)");
			return error(Outcome.BAD_SIGNATURE, "query parameter " + missing + " is missing");
		}
		if (!WechatSignature.matches(request.queryParam("signature").orElseThrow(), account.token(),
				request.queryParam("timestamp").orElseThrow(), request.queryParam("nonce").orElseThrow())) {
			return reject(account, new PushRejectedException(Outcome.BAD_SIGNATURE, "signature does not match"), start);
		}
		return null;
	}

	private static String firstMissing(ServerRequest request, String... names) {
		for (String name : names) {
			if (request.queryParam(name).filter((value) -> !value.isEmpty()).isEmpty()) {
				return name;
			}
		}
		return null;
	}

	private Mono<Published> decodeAndPublish(WechatAccount account, PushRequest push) {
		try {
			WechatEvent event = this.decoder.decode(account, push);
			return this.publisher.publish(event)
				.thenReturn(new Published(event, "aes".equalsIgnoreCase(push.encryptType())));
		}
		catch (PushRejectedException ex) {
			return Mono.error(ex);
		}
	}

	private PushRequest toPushRequest(ServerRequest request, byte[] body) {
		return new PushRequest(request.queryParam("signature").orElse(null),
				request.queryParam("timestamp").orElse(null), request.queryParam("nonce").orElse(null),
				request.queryParam("encrypt_type").orElse(null), request.queryParam("msg_signature").orElse(null),
				request.uri().getRawQuery(), request.headers().firstHeader("Content-Type"), body, this.clock.instant());
	}

	private Mono<ServerResponse> reject(WechatAccount account, PushRejectedException rejection, long start) {
		Outcome outcome = rejection.outcome();
		this.metrics.push(account.id(), outcome, start);
		this.rejections.rejected("push", account.id(), statusAndTag(outcome), logLine(account, rejection));
		return error(outcome, rejection.getMessage());
	}

	private Mono<ServerResponse> shed(WechatAccount account, Outcome overload, String reason, long start) {
		this.metrics.push(account.id(), overload, start);
		this.rejections.rejected("push", account.id(), overload.status() + " " + overload.tag(),
				reason + " (WeChat will retry)");
		return ServerResponse.status(overload.status())
			.header(HttpHeaders.CONNECTION, "close")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new ErrorBody(overload.tag(), "the receiver is busy, retry later"));
	}

	/**
	 * A body that stalled past the read timeout or was not complete by the request
	 * deadline (reactor-netty closes the connection), or whose client went away: answered
	 * if the connection still allows, counted, and logged through the
	 * {@link RejectionLog} instead of as a server error.
	 */
	private Mono<ServerResponse> bodyFailed(WechatAccount account, Throwable failure, long start) {
		if (failure instanceof AbortedException) {
			this.metrics.push(account.id(), Outcome.ABORTED, start);
			this.rejections.rejected("push", account.id(), Outcome.ABORTED.status() + " " + Outcome.ABORTED.tag(),
					"the client closed the connection before sending the whole body");
			return Mono.empty();
		}
		Outcome overload = Outcome.BODY_TIMEOUT;
		this.metrics.push(account.id(), overload, start);
		this.rejections.rejected("push", account.id(), overload.status() + " " + overload.tag(),
				"the body stalled for wechat.receiver.body-read-timeout or was not complete within"
						+ " wechat.receiver.request-deadline; connection closed (a slow or hostile client)");
		return ServerResponse.status(overload.status())
			.header(HttpHeaders.CONNECTION, "close")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new ErrorBody(overload.tag(), "the body was not received in time"));
	}

	/**
	 * A push that failed in a way none of the branches above expects (a bug): answered
	 * 500 {@link Outcome#INTERNAL_ERROR internal_error} with nothing of the failure, so
	 * that WeChat retries, counted, and logged through the {@link RejectionLog}: at ERROR
	 * with its stack trace at once, then counted in one line per interval, so that a push
	 * that trips the bug again and again cannot flood the log.
	 */
	private Mono<ServerResponse> failed(WechatAccount account, Throwable failure, long start) {
		this.metrics.push(account.id(), Outcome.INTERNAL_ERROR, start);
		this.rejections.failed("push", account.id(), statusAndTag(Outcome.INTERNAL_ERROR),
				"failed unexpectedly with " + failure.getClass().getName() + " (a bug; WeChat will retry)", failure);
		return error(Outcome.INTERNAL_ERROR, "the receiver failed, retry later");
	}

	private static boolean isBodyFailure(Throwable failure) {
		// reactor-netty's read timeout (ReadTimeoutException) and request timeout (its
		// package-private
		// RequestTimeoutException) are both ChannelExceptions
		return failure instanceof RequestBodies.BodyTimeoutException || failure instanceof ChannelException
				|| failure instanceof AbortedException;
	}

	/** Marks a failure of reading the body, to tell it from failures further on. */
	private static final class BodyFailure extends RuntimeException {

		BodyFailure(Throwable cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

	private static String statusAndTag(Outcome outcome) {
		return outcome.status() + " " + outcome.tag();
	}

	/**
	 * What the operator reads about a rejection: the detail the client does not get, and
	 * the likely misconfiguration where the detail does not already name it (a downgrade
	 * or a re-used nonce says what it is).
	 */
	private static String logLine(WechatAccount account, PushRejectedException rejection) {
		boolean generic = rejection.logDetail().equals(rejection.getMessage());
		return (generic || rejection.outcome() == Outcome.DECRYPT_FAILED)
				? rejection.logDetail() + hint(account, rejection.outcome()) : rejection.logDetail();
	}

	private static String hint(WechatAccount account, Outcome outcome) {
		return switch (outcome) {
			case BAD_SIGNATURE -> " (is wechat.accounts." + account.id() + ".token the Token in the WeChat console?)";
			case DECRYPT_FAILED -> " (is wechat.accounts." + account.id()
					+ ".encoding-aes-key the current EncodingAESKey and app-id the account's AppID?)";
			case REPLAYED -> " (replayed request, or this server's clock is off: see wechat.receiver.replay-window)";
			case BROKER_TIMEOUT, BROKER_ERROR -> " (WeChat will retry; check the Kafka cluster and /actuator/health)";
			default -> "";
		};
	}

	private static Mono<ServerResponse> error(Outcome outcome, String message) {
		return ServerResponse.status(outcome.status())
			.header(HttpHeaders.CONNECTION, "close")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new ErrorBody(outcome.tag(), message));
	}

	/** A push the broker acknowledged, and whether it came encrypted. */
	private record Published(WechatEvent event, boolean encrypted) {
	}

}
