package io.saoma.loginprocessor.api;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.saoma.loginprocessor.topology.FunnelSettings;
import org.apache.kafka.streams.state.HostInfo;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /api/login-funnel?account=<account>[&window=<size>]}: the recent funnel
 * windows of an account ({@link FunnelView}), answered by the instance whose Kafka
 * Streams task owns the account (passed on there, like a login's status, by
 * {@link OwnerProxy}). A missing account is 400 {@code bad_request}, an account that is
 * not configured 404 {@code unknown_account}, a window size that is not configured 400
 * {@code unknown_window}; an account without logins yet has no windows.
 */
public class FunnelHandler {

	private final FunnelStore store;

	private final OwnerProxy proxy;

	private final Set<String> accounts;

	private final Clock clock;

	/**
	 * Creates the handler.
	 * @param store the funnel's stores
	 * @param proxy passes requests on to the owner
	 * @param accounts the configured accounts
	 * @param clock what "recent" is measured from
	 */
	public FunnelHandler(FunnelStore store, OwnerProxy proxy, Set<String> accounts, Clock clock) {
		this.store = store;
		this.proxy = proxy;
		this.accounts = Set.copyOf(accounts);
		this.clock = clock;
	}

	Mono<ServerResponse> funnel(ServerRequest request) {
		String account = request.queryParam("account").filter((value) -> !value.isBlank()).orElse(null);
		if (account == null) {
			return Mono.error(ApiException.badRequest("the query parameter account is required"));
		}
		if (!this.accounts.contains(account)) {
			return Mono.error(ApiException.notFound("unknown_account", "no account is configured under this id"));
		}
		String label = request.queryParam("window").filter((value) -> !value.isBlank()).orElse(null);
		FunnelSettings settings = this.store.settings();
		List<Duration> windows = settings.windows();
		if (label != null) {
			Duration window = settings.window(label);
			if (window == null) {
				return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "unknown_window", "window must be one of "
						+ String.join(", ", windows.stream().map(FunnelSettings::label).toList())));
			}
			windows = List.of(window);
		}
		List<Duration> asked = windows;
		HostInfo owner = this.store.remoteOwnerOf(account);
		if (owner == null) {
			return local(account, asked);
		}
		if (OwnerProxy.wasForwarded(request)) {
			return Mono.error(ApiException.unavailable("this account's funnel moved to another instance; retry"));
		}
		Function<Throwable, Mono<ServerResponse>> unavailable = (ex) -> Mono
			.error(ApiException.unavailable("the instance that owns this account's funnel does not answer; retry"));
		return this.proxy.forward(request, owner).onErrorResume(unavailable);
	}

	private Mono<ServerResponse> local(String account, List<Duration> windows) {
		List<FunnelView.Window> found = new ArrayList<>();
		for (Duration window : windows) {
			this.store.windows(account, window, this.clock.instant())
				.forEach((funnel) -> found.add(FunnelView.Window.of(funnel)));
		}
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.bodyValue(new FunnelView(account, this.store.settings().grace().toString(), found));
	}

}
