package io.saoma.bench.forwarder;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Authing's events endpoint, on 127.0.0.1: the JDK's HTTP server (8 handler threads),
 * answering 200 at once or after a fixed delay (without holding a thread), and recording
 * each request's arrival in a {@link RelayLedger} by its {@code X-Saoma-Delivery-Id}.
 */
final class FakeAuthing implements AutoCloseable {

	static final String DELIVERY_ID_HEADER = "X-Saoma-Delivery-Id";

	private static final byte[] OK = "{\"code\":200}".getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor();

	private final long delayNanos;

	FakeAuthing(RelayLedger ledger, Duration delay) throws IOException {
		this.delayNanos = delay.toNanos();
		// TCP_NODELAY: the JDK server writes the status line and headers, then the body,
		// in two
		// writes; with Nagle on, the body waits for the client's delayed ACK (~40 ms on
		// Linux),
		// which would be measured as the product's latency. Read once, when the server
		// class loads.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", (exchange) -> {
			long now = System.nanoTime();
			try (InputStream body = exchange.getRequestBody()) {
				body.transferTo(java.io.OutputStream.nullOutputStream());
			}
			ledger.arrived(exchange.getRequestHeaders().getFirst(DELIVERY_ID_HEADER), now);
			if (this.delayNanos > 0) {
				this.delayer.schedule(() -> answer(exchange), this.delayNanos, TimeUnit.NANOSECONDS);
			}
			else {
				answer(exchange);
			}
		});
		this.server.start();
	}

	private static void answer(HttpExchange exchange) {
		try {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, OK.length);
			exchange.getResponseBody().write(OK);
		}
		catch (IOException ex) {
			// the relay gave up on this call; it counts it as failed and retries it
		}
		finally {
			exchange.close();
		}
	}

	/**
	 * The events URL of the bench's Authing connection.
	 * @return the URL
	 */
	String eventsUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/connections/social/bench/pool-1/events";
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.delayer.shutdownNow();
		this.executor.shutdownNow();
	}

}
