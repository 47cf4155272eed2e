package io.saoma.loginprocessor.api;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Guards the login API before any handler runs:
 * <ul>
 * <li>a request passed on by another instance ({@value ClientAddresses#FORWARDED})
 * without the configured {@code login.instance-secret} is refused, 403
 * {@code forbidden};</li>
 * <li>{@code GET /api/qr-logins/{loginId}}, {@code .../events} and the QR images
 * ({@code .../qr.svg}, {@code .../qr.png}) hold one of the stream permits of
 * {@link LoginLimits} from the request until its answer is written to the end (for a
 * stream: until it ends or the client goes away), so open streams and requests waiting
 * for a login are capped in all and per client.</li>
 * </ul>
 */
public class LoginApiGuard implements WebFilter {

	private static final PathPattern STATUS = PathPatternParser.defaultInstance.parse("/api/qr-logins/{loginId}");

	private static final PathPattern EVENTS = PathPatternParser.defaultInstance
		.parse("/api/qr-logins/{loginId}/events");

	private static final PathPattern QR_IMAGE = PathPatternParser.defaultInstance
		.parse("/api/qr-logins/{loginId}/qr.{format}");

	private static final String REDEEM = "/api/qr-logins/redeem";

	private final LoginLimits limits;

	private final ClientAddresses clients;

	public LoginApiGuard(LoginLimits limits, ClientAddresses clients) {
		this.limits = limits;
		this.clients = clients;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String path = request.getPath().pathWithinApplication().value();
		if (!path.startsWith("/api/qr-logins")) {
			return chain.filter(exchange);
		}
		if (ClientAddresses.isForwarded(request) && !this.clients.isTrustedForward(request)) {
			return ApiErrors.write(exchange.getResponse(), new ApiException(HttpStatus.FORBIDDEN, "forbidden",
					"requests passed on by another instance must carry the instance secret", null));
		}
		if (request.getMethod() != HttpMethod.GET || path.equals(REDEEM)
				|| !(STATUS.matches(request.getPath().pathWithinApplication())
						|| EVENTS.matches(request.getPath().pathWithinApplication())
						|| QR_IMAGE.matches(request.getPath().pathWithinApplication()))) {
			return chain.filter(exchange);
		}
		Runnable close;
		try {
			close = this.limits.openStream(this.clients.of(request));
		}
		catch (ApiException refused) {
			return ApiErrors.write(exchange.getResponse(), refused);
		}
		return chain.filter(exchange).doFinally((signal) -> close.run());
	}

}
