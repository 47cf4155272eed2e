package io.saoma.receiver.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.saoma.common.web.HeaderDeadline;
import io.saoma.receiver.metrics.PushMetrics;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * The server's share of the limits. reactor-netty's read timeout (the longest silence
 * while a request body is being read) and request timeout (the longest the whole body may
 * take), both at the request deadline, close the connection of any request whose body is
 * not read in time, whatever its route: the backstop behind the push handler, which
 * answers a stalled push body itself after {@code wechat.receiver.body-read-timeout}
 * ({@link RequestBodies}) and a slow push after the deadline. At most
 * {@code maxConnections} connections are open at once; a further one is closed as soon as
 * it is accepted. That cap is written here rather than with
 * {@link HttpServer#maxConnections(int)}, which logs a WARN with a stack trace for every
 * refused connection; here they are counted ({@code wechat.receiver.connections.refused})
 * and logged through the {@link RejectionLog}. A connection whose request line and
 * headers do not arrive within {@code headerTimeout} (from its opening, or from the next
 * request's first byte on a keep-alive connection) is answered 408 and closed, or just
 * closed if nothing arrived ({@link HeaderDeadline}): the read and request timeouts start
 * only once headers are decoded and the idle timeout restarts on every byte, so without
 * it a client trickling headers holds a connection slot for as long as it likes. Those
 * are counted ({@code wechat.receiver.connections.header-timeout}) and logged through the
 * {@link RejectionLog}.
 */
public class ServerLimits implements NettyServerCustomizer {

	private final Duration requestDeadline;

	private final int maxConnections;

	private final Duration headerTimeout;

	private final PushMetrics metrics;

	private final RejectionLog rejections;

	private final AtomicInteger open = new AtomicInteger();

	public ServerLimits(Duration requestDeadline, int maxConnections, Duration headerTimeout, PushMetrics metrics,
			RejectionLog rejections) {
		this.requestDeadline = requestDeadline;
		this.maxConnections = maxConnections;
		this.headerTimeout = headerTimeout;
		this.metrics = metrics;
		this.rejections = rejections;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.readTimeout(this.requestDeadline)
			.requestTimeout(this.requestDeadline)
			.doOnChannelInit((observer, channel, remoteAddress) -> {
				if (this.open.incrementAndGet() > this.maxConnections) {
					this.open.decrementAndGet();
					channel.config().setAutoRead(false);
					channel.close();
					this.metrics.connectionRefused();
					this.rejections.rejected("connection", null, "an immediate close",
							this.maxConnections + " connections are open (wechat.receiver.max-connections)");
					return;
				}
				channel.closeFuture().addListener((future) -> this.open.decrementAndGet());
				HeaderDeadline.install(channel, this.headerTimeout, this::headerTimedOut);
			});
	}

	private void headerTimedOut(HeaderDeadline.Outcome outcome) {
		this.metrics.connectionHeaderTimeout();
		this.rejections.rejected("connection", null,
				(outcome == HeaderDeadline.Outcome.ANSWERED_408) ? "408 header_timeout" : "a close header_timeout",
				"request line and headers not complete within " + this.headerTimeout.toMillis()
						+ "ms (wechat.receiver.header-timeout)");
	}

	/**
	 * How many connections are open.
	 * @return the count
	 */
	public int openConnections() {
		return this.open.get();
	}

}
