package io.saoma.loginprocessor.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.saoma.loginprocessor.topology.FunnelRecords;
import io.saoma.loginprocessor.topology.FunnelSettings;
import io.saoma.schemas.login.LoginFunnel;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;

/**
 * Interactive queries of the funnel's window stores ({@link FunnelSettings#storeName}),
 * partitioned by account like the {@code funnel-by-account} repartition topic: which
 * instance owns an account's funnel, and its recent windows when this one does. Never
 * blocks; while the stores cannot be queried it throws
 * {@link StatusStore.UnavailableException} (503).
 */
public class FunnelStore {

	private static final StringSerializer KEYS = new StringSerializer();

	private final KafkaStreamsInteractiveQueryService queries;

	private final HostInfo self;

	private final FunnelSettings settings;

	/**
	 * Creates the store.
	 * @param queries the interactive queries, see {@link StatusStore#queries}
	 * @param self this instance's {@code application.server}
	 * @param settings the funnel's windows
	 */
	public FunnelStore(KafkaStreamsInteractiveQueryService queries, HostInfo self, FunnelSettings settings) {
		this.queries = queries;
		this.self = self;
		this.settings = settings;
	}

	FunnelSettings settings() {
		return this.settings;
	}

	/**
	 * Where an account's funnel lives (every window size is in the same task).
	 * @param account the account
	 * @return {@code null} if this instance owns it, else the owner
	 */
	HostInfo remoteOwnerOf(String account) {
		String store = FunnelSettings.storeName(this.settings.windows().get(0));
		HostInfo owner;
		try {
			owner = this.queries.getKafkaStreamsApplicationHostInfo(store, account, KEYS);
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			throw StatusStore.UnavailableException.of(ex);
		}
		if (owner == null || HostInfo.unavailable().equals(owner)) {
			throw new StatusStore.UnavailableException("the owner of this account's funnel is not known yet");
		}
		return owner.equals(this.self) ? null : owner;
	}

	/**
	 * The recent windows of an account, newest first.
	 * @param account the account
	 * @param window the window size
	 * @param now the time to look back from
	 * @return the windows that counted anything, at most {@code history} (plus one
	 * starting in the future by clock skew)
	 */
	List<LoginFunnel> windows(String account, Duration window, Instant now) {
		String label = FunnelSettings.label(window);
		List<LoginFunnel> windows = new ArrayList<>();
		try {
			ReadOnlyWindowStore<String, LoginFunnel> store = this.queries
				.retrieveQueryableStore(FunnelSettings.storeName(window), QueryableStoreTypes.windowStore());
			Instant from = now.minus(window.multipliedBy(this.settings.history()));
			try (WindowStoreIterator<LoginFunnel> found = store.backwardFetch(account, from, now.plus(window))) {
				while (found.hasNext()) {
					KeyValue<Long, LoginFunnel> next = found.next();
					windows.add(
							FunnelRecords.complete(account, label, next.key, next.key + window.toMillis(), next.value));
				}
			}
		}
		catch (InvalidStateStoreException | IllegalStateException | IllegalArgumentException ex) {
			throw StatusStore.UnavailableException.of(ex);
		}
		return windows;
	}

}
