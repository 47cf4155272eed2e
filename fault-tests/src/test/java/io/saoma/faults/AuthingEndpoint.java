package io.saoma.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.saoma.forwarder.relay.RelayClient;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Authing's connection events endpoints over real HTTP on 127.0.0.1 (MockWebServer): one
 * server, one path per connection ({@code /connections/social/<connection>/pool/events}).
 * Answers 200 after an optional delay, or 503 for a connection that is
 * {@link #down(String, boolean) down}; records every call with the push's
 * {@value RelayClient#EVENT_ID_HEADER}, so a test counts deliveries and duplicates per
 * push.
 */
final class AuthingEndpoint implements AutoCloseable {

	private final MockWebServer server = new MockWebServer();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final Set<String> down = ConcurrentHashMap.newKeySet();

	private volatile long delayMillis;

	AuthingEndpoint() {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String connection = connectionOf(request.getUrl().encodedPath());
				int status = AuthingEndpoint.this.down.contains(connection) ? 503 : 200;
				AuthingEndpoint.this.calls.add(new Call(connection,
						request.getHeaders().get(RelayClient.EVENT_ID_HEADER), status, Instant.now()));
				return new MockResponse.Builder().code(status)
					.headersDelay((status == 200) ? AuthingEndpoint.this.delayMillis : 0, TimeUnit.MILLISECONDS)
					.body((status == 200) ? "{\"code\":200,\"message\":\"ok\"}" : "unavailable")
					.build();
			}
		});
		try {
			this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param connection the Authing connection's identifier
	 * @return its events URL
	 */
	String eventsUrl(String connection) {
		return "http://127.0.0.1:" + this.server.getPort() + "/connections/social/" + connection + "/pool/events";
	}

	/** Makes every successful answer take this long, like a slow endpoint. */
	void delay(Duration delay) {
		this.delayMillis = delay.toMillis();
	}

	/** Makes a connection answer 503 to every call (an outage), or 200 again. */
	void down(String connection, boolean down) {
		if (down) {
			this.down.add(connection);
		}
		else {
			this.down.remove(connection);
		}
	}

	/**
	 * @return every call so far
	 */
	List<Call> calls() {
		return List.copyOf(this.calls);
	}

	/**
	 * @return successful calls per push id
	 */
	Map<String, Long> delivered() {
		return this.calls.stream()
			.filter((call) -> call.status() == 200 && call.pushId() != null)
			.collect(Collectors.groupingBy(Call::pushId, Collectors.counting()));
	}

	/**
	 * @param pushIds the pushes put in
	 * @return how many of them were delivered at least once
	 */
	long deliveredOf(Set<String> pushIds) {
		Map<String, Long> delivered = delivered();
		return pushIds.stream().filter(delivered::containsKey).count();
	}

	/**
	 * @param pushIds the pushes put in
	 * @return successful calls beyond the first per push
	 */
	long duplicatesOf(Set<String> pushIds) {
		Map<String, Long> delivered = delivered();
		return pushIds.stream().mapToLong((id) -> Math.max(0, delivered.getOrDefault(id, 0L) - 1)).sum();
	}

	@Override
	public void close() {
		this.server.close();
	}

	private static String connectionOf(String path) {
		String[] parts = path.split("/");
		// "", "connections", "social", <connection>, "pool", "events"
		return (parts.length > 3) ? parts[3] : "";
	}

	/**
	 * One call.
	 *
	 * @param connection the connection it was for
	 * @param pushId its {@value RelayClient#EVENT_ID_HEADER}
	 * @param status what it was answered
	 * @param at when it arrived
	 */
	record Call(String connection, String pushId, int status, Instant at) {
	}

}
