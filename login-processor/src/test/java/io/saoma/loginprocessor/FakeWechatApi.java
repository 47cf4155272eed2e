package io.saoma.loginprocessor;

import java.io.IOException;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A stand-in for {@code api.weixin.qq.com} over real HTTP: {@code stable_token} hands out
 * a token and {@code qrcode/create} a ticket {@code TICKET-<scene>} with content
 * {@code http://weixin.qq.com/q/<scene>}, so a test can tell the scene and ticket of a
 * login from its QR content.
 */
final class FakeWechatApi implements AutoCloseable {

	private static final Pattern SCENE = Pattern.compile("\"scene_str\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern EXPIRE = Pattern.compile("\"expire_seconds\"\\s*:\\s*(\\d+)");

	/**
	 * An AppID whose server is not on the IP whitelist: every token request is refused
	 * with 40164.
	 */
	static final String BLOCKED_APP_ID = "wxblocked00000000";

	private final MockWebServer server = new MockWebServer();

	FakeWechatApi() throws IOException {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String path = request.getUrl().encodedPath();
				if (path.equals("/cgi-bin/stable_token")) {
					if (request.getBody().utf8().contains(BLOCKED_APP_ID)) {
						return json(
								"{\"errcode\":40164,\"errmsg\":\"invalid ip 10.1.2.3 ipv6 ::ffff:10.1.2.3, not in whitelist rid: 1\"}");
					}
					return json("{\"access_token\":\"FAKE-TOKEN\",\"expires_in\":7200}");
				}
				if (path.equals("/cgi-bin/qrcode/create")) {
					String body = request.getBody().utf8();
					Matcher scene = SCENE.matcher(body);
					Matcher expire = EXPIRE.matcher(body);
					if (!scene.find() || !expire.find()) {
						return json("{\"errcode\":40053,\"errmsg\":\"invalid action info\"}");
					}
					return json("{\"ticket\":\"TICKET-" + scene.group(1) + "\",\"expire_seconds\":" + expire.group(1)
							+ ",\"url\":\"http://weixin.qq.com/q/" + scene.group(1) + "\"}");
				}
				return new MockResponse.Builder().code(404).build();
			}
		});
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	static String sceneOf(String qrContent) {
		return qrContent.substring(qrContent.lastIndexOf('/') + 1);
	}

	static String ticketOf(String scene) {
		return "TICKET-" + scene;
	}

	private static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/plain").body(body).build();
	}

	@Override
	public void close() {
		this.server.close();
	}

}
