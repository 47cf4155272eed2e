package io.saoma.loginprocessor.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.saoma.loginprocessor.topology.StatusListener;
import io.saoma.schemas.login.LoginStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Fans status changes from the topology out to the browser streams open on this instance,
 * one sink per login that somebody is watching, so a change costs nothing for logins
 * nobody watches.
 */
public class StatusUpdates implements StatusListener {

	private final Map<String, Sinks.Many<LoginStatus>> watched = new ConcurrentHashMap<>();

	@Override
	public void onStatus(String loginId, LoginStatus status) {
		Sinks.Many<LoginStatus> sink = this.watched.get(loginId);
		if (sink != null && status != null) {
			sink.tryEmitNext(status);
		}
	}

	/**
	 * The changes of one login from now on.
	 * @param loginId the login
	 * @return a hot stream of its changes
	 */
	public Flux<LoginStatus> of(String loginId) {
		Sinks.Many<LoginStatus> sink = this.watched.computeIfAbsent(loginId,
				(id) -> Sinks.many().multicast().directBestEffort());
		return sink.asFlux().doFinally((signal) -> {
			if (sink.currentSubscriberCount() == 0) {
				this.watched.remove(loginId, sink);
			}
		});
	}

	/**
	 * How many logins are being watched on this instance.
	 * @return the count
	 */
	public int watchedCount() {
		return this.watched.size();
	}

}
