package io.saoma.bench.endtoend;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The two WeChat API calls the login processor makes, on loopback: {@code stable_token}
 * (one token) and {@code qrcode/create} (a ticket per scene, remembered so that the bench
 * can send the scan WeChat would send for it). No checks beyond what the bench needs: it
 * is not the local stack's simulator.
 */
final class FakeWechatApi implements AutoCloseable {

	static final String ACCESS_TOKEN = "bench-access-token";

	private static final Pattern SCENE = Pattern.compile("\"scene_str\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern EXPIRE = Pattern.compile("\"expire_seconds\"\\s*:\\s*(\\d+)");

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final Map<String, String> sceneByTicket = new ConcurrentHashMap<>();

	private final AtomicLong tickets = new AtomicLong();

	private FakeWechatApi(HttpServer server) {
		this.server = server;
	}

	static FakeWechatApi start() throws IOException {
		// TCP_NODELAY: the JDK server writes the status line and headers, then the body,
		// in two
		// writes; with Nagle on, the body waits for the client's delayed ACK (~40 ms on
		// Linux),
		// which would be measured as the product's latency. Read once, when the server
		// class loads.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
		FakeWechatApi api = new FakeWechatApi(server);
		server.createContext("/cgi-bin/stable_token",
				(exchange) -> api.answer(exchange, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":7200}"));
		server.createContext("/cgi-bin/qrcode/create", api::createQrCode);
		server.setExecutor(api.executor);
		server.start();
		return api;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * The scene a ticket was created for.
	 * @param ticket the ticket
	 * @return its scene, or {@code null}
	 */
	String sceneOf(String ticket) {
		return this.sceneByTicket.get(ticket);
	}

	private void createQrCode(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Matcher scene = SCENE.matcher(body);
		if (!scene.find()) {
			answer(exchange, "{\"errcode\":40053,\"errmsg\":\"invalid action info\"}");
			return;
		}
		Matcher expire = EXPIRE.matcher(body);
		long seconds = expire.find() ? Long.parseLong(expire.group(1)) : 30;
		String ticket = "gQBenchT" + Long.toString(this.tickets.incrementAndGet(), 36);
		this.sceneByTicket.put(ticket, scene.group(1));
		answer(exchange, "{\"ticket\":\"" + ticket + "\",\"expire_seconds\":" + seconds
				+ ",\"url\":\"http://weixin.qq.com/q/" + ticket + "\"}");
	}

	private void answer(HttpExchange exchange, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/plain");
		exchange.sendResponseHeaders(200, bytes.length);
		try (var out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
