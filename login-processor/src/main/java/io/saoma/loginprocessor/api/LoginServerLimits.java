package io.saoma.loginprocessor.api;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.saoma.common.web.HeaderDeadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * The login API server's share of the limits: a connection whose request line and headers
 * do not arrive within {@code login.limits.header-timeout} (from its opening, or from the
 * next request's first byte on a keep-alive connection) is answered 408 and closed, or
 * just closed if nothing arrived ({@link HeaderDeadline}). Without it a client trickling
 * its headers byte by byte holds a connection for as long as it likes: the idle timeout
 * restarts on every byte. The deadline covers only receiving a request's headers, so
 * status streams, long responses, are not cut. Such connections are counted
 * ({@code login.api.connections.header-timeout}) and logged at DEBUG only, never one WARN
 * line per connection.
 */
public class LoginServerLimits implements NettyServerCustomizer {

	private static final Logger logger = LoggerFactory.getLogger(LoginServerLimits.class);

	private final Duration headerTimeout;

	private final Counter timedOut;

	public LoginServerLimits(Duration headerTimeout, MeterRegistry registry) {
		this.headerTimeout = headerTimeout;
		this.timedOut = registry.counter("login.api.connections.header-timeout");
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit(
				(observer, channel, remoteAddress) -> HeaderDeadline.install(channel, this.headerTimeout, (outcome) -> {
					this.timedOut.increment();
					logger.debug("Closed a connection ({}): request line and headers not complete within {}ms"
							+ " (login.limits.header-timeout)", outcome, this.headerTimeout.toMillis());
				}));
	}

}
