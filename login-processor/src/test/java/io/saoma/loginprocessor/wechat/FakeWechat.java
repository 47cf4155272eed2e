package io.saoma.loginprocessor.wechat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * WeChat's API on a real socket on 127.0.0.1: answers scripted per path, requests
 * recorded per path. Answers that wait for a latch are released on {@link #close()}, so
 * no test leaves a server thread blocked.
 */
final class FakeWechat implements AutoCloseable {

	static final String TOKEN_PATH = "/cgi-bin/stable_token";

	static final String CREATE_PATH = "/cgi-bin/qrcode/create";

	static final String SECRET = "s3cr3t-app-secret-0123456789abcdef";

	static final WechatCredentials CREDENTIALS = new WechatCredentials("main", "wx1234567890abcdef", SECRET);

	private final MockWebServer server = new MockWebServer();

	private final Map<String, Queue<Function<RecordedRequest, MockResponse>>> scripts = new ConcurrentHashMap<>();

	private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();

	private final List<CountDownLatch> releases = new CopyOnWriteArrayList<>();

	FakeWechat() throws IOException {
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				FakeWechat.this.received.add(request);
				Queue<Function<RecordedRequest, MockResponse>> script = FakeWechat.this.scripts
					.get(request.getUrl().encodedPath());
				Function<RecordedRequest, MockResponse> answer = (script != null) ? script.poll() : null;
				return (answer != null) ? answer.apply(request)
						: new MockResponse.Builder().code(404).body("nothing scripted").build();
			}

		});
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	/** Answers the next requests to {@code path} in this order, one each. */
	FakeWechat answer(String path, MockResponse... responses) {
		for (MockResponse response : responses) {
			answerWith(path, (request) -> response);
		}
		return this;
	}

	/** Answers the next request to {@code path} by computing the answer from it. */
	FakeWechat answerWith(String path, Function<RecordedRequest, MockResponse> answer) {
		this.scripts.computeIfAbsent(path, (key) -> new ConcurrentLinkedQueue<>()).add(answer);
		return this;
	}

	/**
	 * Answers the next request to {@code path} only once {@code release} (a latch of one)
	 * opens or the fake closes.
	 */
	FakeWechat answerAfter(String path, CountDownLatch release, MockResponse response) {
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

	List<RecordedRequest> requests(String path) {
		return this.received.stream().filter((request) -> request.getUrl().encodedPath().equals(path)).toList();
	}

	List<RecordedRequest> requests() {
		return List.copyOf(this.received);
	}

	URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getPort());
	}

	WechatApiProperties properties() {
		return properties(Duration.ofSeconds(5));
	}

	WechatApiProperties properties(Duration timeout) {
		return new WechatApiProperties(baseUrl(), URI.create("https://mp.weixin.qq.com"), timeout,
				Duration.ofMinutes(5));
	}

	static WebClient webClient() {
		return WebClient.builder().build();
	}

	/** A JSON answer labelled {@code text/plain}, as WeChat often sends it. */
	static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/plain").body(body).build();
	}

	static MockResponse token(String value, long expiresIn) {
		return json("{\"access_token\":\"" + value + "\",\"expires_in\":" + expiresIn + "}");
	}

	static MockResponse error(int errcode, String errmsg) {
		return json("{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}");
	}

	static MockResponse qrCode(String ticket, long expireSeconds) {
		return json("{\"ticket\":\"" + ticket + "\",\"expire_seconds\":" + expireSeconds
				+ ",\"url\":\"http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI\"}");
	}

	@Override
	public void close() {
		this.releases.forEach(CountDownLatch::countDown);
		this.server.close();
	}

}
