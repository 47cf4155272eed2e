package io.saoma.forwarder;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.saoma.forwarder.relay.RelayClient;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Authing's events endpoint over real HTTP: answers 200 unless it is
 * {@link #down(boolean) down} (503) or a status sequence was scripted for an event id
 * (the delivery's, {@code X-Saoma-Delivery-Id}); records every request.
 */
final class AuthingStub implements AutoCloseable {

	private final MockWebServer server = new MockWebServer();

	private final Map<String, Queue<Integer>> scripts = new ConcurrentHashMap<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicBoolean down = new AtomicBoolean();

	private volatile long delayMillis;

	AuthingStub() throws IOException {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String eventId = request.getHeaders().get(RelayClient.DELIVERY_ID_HEADER);
				Queue<Integer> script = (eventId != null) ? AuthingStub.this.scripts.get(eventId) : null;
				Integer scripted = (script != null) ? script.poll() : null;
				int status = (scripted != null) ? scripted : (AuthingStub.this.down.get() ? 503 : 200);
				AuthingStub.this.received
					.add(new Received(Instant.now(), eventId, request.getHeaders().get(RelayClient.EVENT_ID_HEADER),
							status, request.getUrl().encodedPath(), request.getUrl().encodedQuery(),
							request.getHeaders().get("Content-Type"), request.getBody().toByteArray()));
				return new MockResponse.Builder().code(status)
					.headersDelay(AuthingStub.this.delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS)
					.body((status == 200) ? "{\"code\":200}" : "no")
					.build();
			}
		});
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	String eventsUrl(String connection) {
		return "http://127.0.0.1:" + this.server.getPort() + "/connections/social/" + connection + "/pool-1/events";
	}

	void script(String eventId, Integer... statuses) {
		this.scripts.put(eventId, new ConcurrentLinkedQueue<>(List.of(statuses)));
	}

	/** Makes every answer take this long, like a real endpoint across a network. */
	void delay(java.time.Duration delay) {
		this.delayMillis = delay.toMillis();
	}

	void down(boolean down) {
		this.down.set(down);
	}

	List<Received> received(String eventId) {
		return this.received.stream().filter((request) -> eventId.equals(request.eventId())).toList();
	}

	/** Successful deliveries per event id. */
	Map<String, Long> delivered() {
		return this.received.stream()
			.filter((request) -> request.status() == 200)
			.collect(Collectors.groupingBy(Received::eventId, Collectors.counting()));
	}

	/** Successful deliveries to one connection's events URL. */
	long deliveredTo(String connection) {
		return this.received.stream()
			.filter((request) -> request.status() == 200
					&& request.path().startsWith("/connections/social/" + connection + "/"))
			.count();
	}

	long failed() {
		return this.received.stream().filter((request) -> request.status() != 200).count();
	}

	@Override
	public void close() {
		this.server.close();
	}

	/** Every request, in arrival order. */
	List<Received> all() {
		return List.copyOf(this.received);
	}

	record Received(Instant at, String eventId, String pushId, int status, String path, String query,
			String contentType, byte[] body) {
	}

}
