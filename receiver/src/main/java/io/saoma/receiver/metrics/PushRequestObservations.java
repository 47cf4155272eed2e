package io.saoma.receiver.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Leaves the pushes ({@code POST /wechat/...}) out of the framework's
 * {@code http.server.requests} observation: {@link PushMetrics} already times and counts
 * each one by account and outcome ({@code wechat.receiver.pushes}), and observing every
 * exchange a second time costs CPU on the hottest path. Every other request (URL
 * verification, unknown paths) is still observed.
 */
public final class PushRequestObservations implements ObservationPredicate {

	private static final String PUSH_PATH_PREFIX = "/wechat/";

	@Override
	public boolean test(String name, Observation.Context context) {
		return !(context instanceof ServerRequestObservationContext server && isPush(server.getCarrier()));
	}

	private static boolean isPush(ServerHttpRequest request) {
		return request != null && HttpMethod.POST.equals(request.getMethod())
				&& request.getPath().value().startsWith(PUSH_PATH_PREFIX);
	}

}
