package io.saoma.loginprocessor.api;

import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.streams.state.HostInfo;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Answers a request about one login where the login lives: here if this instance owns it
 * in Kafka Streams ({@link StatusStore}), else by passing it on to the owner
 * ({@link OwnerProxy}), so that every instance answers for every login. A request that
 * was passed on already is never passed on again: while ownership moves, it is answered
 * as unavailable.
 */
final class OwnerRouting {

	private final StatusStore store;

	private final OwnerProxy proxy;

	OwnerRouting(StatusStore store, OwnerProxy proxy) {
		this.store = store;
		this.proxy = proxy;
	}

	/**
	 * Answers on the owner; while the login cannot be served, fails with 503
	 * {@code unavailable} and {@code Retry-After}.
	 * @param request the request
	 * @param loginId the login it is about
	 * @param readBody the body, if it was read already, else {@code null}
	 * @param local the answer of this instance, if it owns the login
	 * @return the answer
	 */
	Mono<ServerResponse> answer(ServerRequest request, String loginId, Object readBody,
			Supplier<Mono<ServerResponse>> local) {
		return answer(request, loginId, readBody, local, (message) -> Mono.error(ApiException.unavailable(message)));
	}

	/**
	 * Answers on the owner.
	 * @param request the request
	 * @param loginId the login it is about
	 * @param readBody the body, if it was read already, else {@code null}
	 * @param local the answer of this instance, if it owns the login
	 * @param unavailable the answer while the login cannot be served, given why
	 * @return the answer
	 */
	Mono<ServerResponse> answer(ServerRequest request, String loginId, Object readBody,
			Supplier<Mono<ServerResponse>> local, Function<String, Mono<ServerResponse>> unavailable) {
		try {
			HostInfo owner = this.store.remoteOwnerOf(loginId);
			if (owner == null) {
				return local.get();
			}
			if (OwnerProxy.wasForwarded(request)) {
				return unavailable.apply("this login moved to another instance; retry");
			}
			return ((readBody != null) ? this.proxy.forward(request, owner, readBody)
					: this.proxy.forward(request, owner))
				.onErrorResume((ex) -> unavailable.apply("the instance that owns this login does not answer; retry"));
		}
		catch (StatusStore.UnavailableException ex) {
			// the owner is not known, or this instance owns the login but cannot read it
			return unavailable.apply(ex.getMessage());
		}
	}

}
