package io.saoma.testsupport.wechat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * WeChat's API ({@code api.weixin.qq.com}) for tests, on a real socket on 127.0.0.1.
 * Answers can be scripted per path, and every request is recorded. A path with nothing
 * scripted gets the fallback answer: {@link #scripted()} answers 404, while
 * {@link #issuingQrCodes()} works like WeChat for logins ({@code stable_token} hands out
 * a token and {@code qrcode/create} a ticket {@code TICKET-<scene>} with content
 * {@code http://weixin.qq.com/q/<scene>}, so a test can tell a login's scene and ticket
 * from its QR content; {@code message/custom/send} accepts every message). Answers that
 * wait for a latch are released on {@link #close()}, so no test leaves a server thread
 * blocked.
 */
public final class FakeWechatApi implements AutoCloseable {

	/** The path of the access token. */
	public static final String TOKEN_PATH = "/cgi-bin/stable_token";

	/** The path that creates a QR code. */
	public static final String CREATE_PATH = "/cgi-bin/qrcode/create";

	/** The path that sends a customer-service message. */
	public static final String CUSTOM_SEND_PATH = "/cgi-bin/message/custom/send";

	/**
	 * An AppID whose server is not on the IP whitelist: {@link #issuingQrCodes()} refuses
	 * every token request for it with 40164.
	 */
	public static final String BLOCKED_APP_ID = "wxblocked00000000";

	private static final Pattern SCENE = Pattern.compile("\"scene_str\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern EXPIRE = Pattern.compile("\"expire_seconds\"\\s*:\\s*(\\d+)");

	private final MockWebServer server = new MockWebServer();

	private final Map<String, Queue<Function<RecordedRequest, MockResponse>>> scripts = new ConcurrentHashMap<>();

	private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();

	private final List<CountDownLatch> releases = new CopyOnWriteArrayList<>();

	private FakeWechatApi(Function<RecordedRequest, MockResponse> fallback) {
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				FakeWechatApi.this.received.add(request);
				Queue<Function<RecordedRequest, MockResponse>> script = FakeWechatApi.this.scripts
					.get(request.getUrl().encodedPath());
				Function<RecordedRequest, MockResponse> answer = (script != null) ? script.poll() : null;
				return (answer != null) ? answer.apply(request) : fallback.apply(request);
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
	 * A fake that answers only what a test scripts, and 404 to anything else.
	 * @return a started fake
	 */
	public static FakeWechatApi scripted() {
		return new FakeWechatApi((request) -> new MockResponse.Builder().code(404).body("nothing scripted").build());
	}

	/**
	 * A fake that hands out tokens and QR codes for logins unless a test scripts
	 * otherwise.
	 * @return a started fake
	 */
	public static FakeWechatApi issuingQrCodes() {
		return new FakeWechatApi(FakeWechatApi::likeWechat);
	}

	/**
	 * Answers the next requests to {@code path} in this order, one each.
	 * @param path the path
	 * @param responses the answers
	 * @return this fake
	 */
	public FakeWechatApi answer(String path, MockResponse... responses) {
		for (MockResponse response : responses) {
			answerWith(path, (request) -> response);
		}
		return this;
	}

	/**
	 * Answers the next request to {@code path} by computing the answer from it.
	 * @param path the path
	 * @param answer computes the answer
	 * @return this fake
	 */
	public FakeWechatApi answerWith(String path, Function<RecordedRequest, MockResponse> answer) {
		this.scripts.computeIfAbsent(path, (key) -> new ConcurrentLinkedQueue<>()).add(answer);
		return this;
	}

	/**
	 * Answers the next request to {@code path} only once {@code release} (a latch of one)
	 * opens or the fake closes.
	 * @param path the path
	 * @param release opens the answer
	 * @param response the answer
	 * @return this fake
	 */
	public FakeWechatApi answerAfter(String path, CountDownLatch release, MockResponse response) {
		this.releases.add(release);
		return answerWith(path, (request) -> {
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return response;
		});
	}

	/**
	 * The requests to one path so far, in order.
	 * @param path the path
	 * @return the requests
	 */
	public List<RecordedRequest> requests(String path) {
		return this.received.stream().filter((request) -> request.getUrl().encodedPath().equals(path)).toList();
	}

	/**
	 * Every request so far, in order.
	 * @return the requests
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.received);
	}

	/**
	 * Where the fake listens.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getPort());
	}

	/**
	 * The scene of a login, from the content of its QR code as {@link #issuingQrCodes()}
	 * makes it.
	 * @param qrContent the QR code's content
	 * @return the scene
	 */
	public static String sceneOf(String qrContent) {
		return qrContent.substring(qrContent.lastIndexOf('/') + 1);
	}

	/**
	 * The ticket {@link #issuingQrCodes()} hands out for a scene.
	 * @param scene the scene
	 * @return the ticket
	 */
	public static String ticketOf(String scene) {
		return "TICKET-" + scene;
	}

	/**
	 * A JSON answer labelled {@code text/plain}, as WeChat often sends it.
	 * @param body the JSON
	 * @return the answer
	 */
	public static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/plain").body(body).build();
	}

	/**
	 * A {@code stable_token} answer.
	 * @param value the access token
	 * @param expiresIn its lifetime in seconds
	 * @return the answer
	 */
	public static MockResponse token(String value, long expiresIn) {
		return json("{\"access_token\":\"" + value + "\",\"expires_in\":" + expiresIn + "}");
	}

	/**
	 * A WeChat error answer (HTTP 200, as WeChat sends them).
	 * @param errcode the errcode
	 * @param errmsg the errmsg
	 * @return the answer
	 */
	public static MockResponse error(int errcode, String errmsg) {
		return json("{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}");
	}

	/**
	 * A {@code qrcode/create} answer.
	 * @param ticket the ticket
	 * @param expireSeconds its lifetime in seconds
	 * @return the answer
	 */
	public static MockResponse qrCode(String ticket, long expireSeconds) {
		return qrCode(ticket, expireSeconds, "kZgfwMTm72WWPkovabbI");
	}

	private static MockResponse qrCode(String ticket, long expireSeconds, String path) {
		return json("{\"ticket\":\"" + ticket + "\",\"expire_seconds\":" + expireSeconds
				+ ",\"url\":\"http://weixin.qq.com/q/" + path + "\"}");
	}

	private static MockResponse likeWechat(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		String body = (request.getBody() != null) ? request.getBody().utf8() : "";
		if (path.equals(TOKEN_PATH)) {
			return body.contains(BLOCKED_APP_ID)
					? error(40164, "invalid ip 10.1.2.3 ipv6 ::ffff:10.1.2.3, not in whitelist rid: 1")
					: token("FAKE-TOKEN", 7200);
		}
		if (path.equals(CREATE_PATH)) {
			Matcher scene = SCENE.matcher(body);
			Matcher expire = EXPIRE.matcher(body);
			if (!scene.find() || !expire.find()) {
				return error(40053, "invalid action info");
			}
			return qrCode(ticketOf(scene.group(1)), Long.parseLong(expire.group(1)), scene.group(1));
		}
		if (path.equals(CUSTOM_SEND_PATH)) {
			return json("{\"errcode\":0,\"errmsg\":\"ok\"}");
		}
		return new MockResponse.Builder().code(404).build();
	}

	@Override
	public void close() {
		this.releases.forEach(CountDownLatch::countDown);
		this.server.close();
	}

}
