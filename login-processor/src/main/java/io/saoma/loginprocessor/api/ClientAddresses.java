package io.saoma.loginprocessor.api;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Who a request comes from, for the per-client limits, and whether a request passed on by
 * another instance is trusted:
 * <ul>
 * <li>a request passed on by an instance that proved the shared
 * {@code login.instance-secret} counts as the client that instance named
 * ({@value #CLIENT});</li>
 * <li>else, when {@code login.limits.client-address-header} is set (behind a trusted
 * reverse proxy), the last address in that header (the one the proxy added), if the
 * request has it;</li>
 * <li>else the connection's remote address.</li>
 * </ul>
 */
public class ClientAddresses {

	/** Marks a request that was already passed on once: it is never passed on again. */
	public static final String FORWARDED = "X-Saoma-Forwarded";

	/**
	 * The shared secret that passed-on requests carry when {@code login.instance-secret}
	 * is set.
	 */
	public static final String INSTANCE_SECRET = "X-Saoma-Instance-Secret";

	/**
	 * The client a passed-on request was made by, as the passing instance resolved it.
	 */
	public static final String CLIENT = "X-Saoma-Client";

	private final String header;

	private final String instanceSecret;

	public ClientAddresses(String header, String instanceSecret) {
		this.header = header;
		this.instanceSecret = instanceSecret;
	}

	/**
	 * The client's address.
	 * @param request the request
	 * @return an address, or {@code unknown}
	 */
	public String of(ServerHttpRequest request) {
		if (this.instanceSecret != null && isForwarded(request) && hasSecret(request)) {
			String client = request.getHeaders().getFirst(CLIENT);
			if (client != null && !client.isBlank()) {
				return client.trim();
			}
		}
		if (this.header != null) {
			String value = String.join(",", request.getHeaders().getOrEmpty(this.header));
			int comma = value.lastIndexOf(',');
			String last = value.substring(comma + 1).trim();
			if (!last.isEmpty()) {
				return last;
			}
		}
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

	/**
	 * The header a trusted proxy puts the client's address in.
	 * @return the header, or {@code null}
	 */
	public String header() {
		return this.header;
	}

	/**
	 * The shared secret of the instances.
	 * @return the secret, or {@code null}
	 */
	public String instanceSecret() {
		return this.instanceSecret;
	}

	/**
	 * Whether a request says it was passed on by another instance.
	 * @param request the request
	 * @return {@code true} if it carries {@value #FORWARDED}
	 */
	public static boolean isForwarded(ServerHttpRequest request) {
		return request.getHeaders().getFirst(FORWARDED) != null;
	}

	/**
	 * Whether a passed-on request may be served: always without a configured secret, else
	 * only with it.
	 * @param request a request that carries {@value #FORWARDED}
	 * @return {@code true} if it is allowed
	 */
	public boolean isTrustedForward(ServerHttpRequest request) {
		return this.instanceSecret == null || hasSecret(request);
	}

	private boolean hasSecret(ServerHttpRequest request) {
		String given = request.getHeaders().getFirst(INSTANCE_SECRET);
		return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
				this.instanceSecret.getBytes(StandardCharsets.UTF_8));
	}

}
