package io.saoma.localstack.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.saoma.localstack.DemoAccount;
import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.push.PushRequest;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator pushes what WeChat pushes: the receiver's own decoder accepts it, and an
 * unanswered push is sent again up to three times.
 */
class PushSenderTests {

	/**
	 * How long the simulated WeChat waits for an answer: long enough that even a busy
	 * machine connects and sends each attempt within it, so the receiver records every
	 * attempt it gives up on.
	 */
	private static final Duration ANSWER_TIMEOUT = Duration.ofMillis(1500);

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	private final MockWebServer receiver = new MockWebServer();

	private PushSender sender;

	private final ChatInbox inbox = new ChatInbox(Clock.fixed(NOW, ZoneOffset.UTC));

	@BeforeEach
	void start() throws IOException {
		this.receiver.start(InetAddress.getByName("127.0.0.1"), 0);
		SimulatorProperties properties = new SimulatorProperties(
				URI.create("http://127.0.0.1:" + this.receiver.getPort() + "/wechat/demo"), URI.create("http://unused"),
				"key", ANSWER_TIMEOUT, 3, false, null);
		this.sender = new PushSender(WebClient.create(), properties, Clock.fixed(NOW, ZoneOffset.UTC), this.inbox);
	}

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	@Test
	void shouldPushASafeModeMessageTheReceiverAccepts() throws Exception {
		this.receiver.enqueue(new MockResponse.Builder().body("success").build());
		WechatPlatform.QrCode code = new WechatPlatform.QrCode("TICKET+/=", "sc_qrscene_x", "http://weixin.qq.com/q/x",
				NOW.plusSeconds(60), 60);
		String xml = PushSender.scanMessage("o-user", code, true, NOW.getEpochSecond());

		assertThat(this.sender.push("o-user", xml).block(Duration.ofSeconds(10))).containsExactly("success");

		RecordedRequest request = this.receiver.takeRequest();
		WechatAccount account = new WechatAccount(DemoAccount.ID, DemoAccount.APP_ID, DemoAccount.TOKEN,
				AesKey.decode(DemoAccount.ENCODING_AES_KEY), null);
		String query = request.getUrl().encodedQuery();
		WechatEvent event = new PushDecoder(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(300)).decode(account,
				new PushRequest(request.getUrl().queryParameter("signature"),
						request.getUrl().queryParameter("timestamp"), request.getUrl().queryParameter("nonce"),
						request.getUrl().queryParameter("encrypt_type"),
						request.getUrl().queryParameter("msg_signature"), query, "text/xml",
						request.getBody().toByteArray(), NOW));
		assertThat(event.getEncryption()).isEqualTo(EncryptionMode.SAFE);
		assertThat(event.getEvent()).isEqualTo("subscribe");
		assertThat(event.getEventKey()).isEqualTo("qrscene_sc_qrscene_x");
		assertThat(event.getTicket()).isEqualTo("TICKET+/=");
		assertThat(event.getFromUserName()).isEqualTo("o-user");
	}

	@Test
	void shouldShowTheReceiversEncryptedWelcomeReplyInTheChatAndNotPushAgain() throws InterruptedException {
		String reply = encryptedReply(DemoAccount.TOKEN, "欢迎关注 ]]> demo");
		assertThat(reply).contains("<Encrypt>").doesNotContain("欢迎");
		this.receiver.enqueue(new MockResponse.Builder().body(reply).build());

		assertThat(this.sender.push("o-new", "<xml/>").block(Duration.ofSeconds(10))).containsExactly("success");

		assertReceivedTheSamePush(1);
		assertThat(this.inbox.messages("o-new")).extracting(ChatInbox.Message::kind, ChatInbox.Message::text)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("reply", "欢迎关注 ]]> demo"));
		assertThat(this.inbox.mayReceive("o-new")).isTrue();
	}

	@Test
	void shouldNotShowAReplySignedWithAnotherToken() {
		this.receiver.enqueue(new MockResponse.Builder().body(encryptedReply("another-token", "欢迎")).build());

		assertThat(this.sender.push("o-new", "<xml/>").block(Duration.ofSeconds(10))).first()
			.isEqualTo("unreadable reply");
		assertThat(this.inbox.messages("o-new")).isEmpty();
	}

	/**
	 * A passive text reply in safe mode, built as the receiver's {@code WelcomeReplies}
	 * (and WeChat's official sample) builds it, signed with {@code token}.
	 */
	private static String encryptedReply(String token, String text) {
		String message = "<xml><ToUserName><![CDATA[o-new]]></ToUserName><FromUserName><![CDATA["
				+ DemoAccount.ORIGINAL_ID + "]]></FromUserName><CreateTime>" + NOW.getEpochSecond()
				+ "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
				+ text.replace("]]>", "]]]]><![CDATA[>") + "]]></Content></xml>";
		String encrypt = MessageCipher.encrypt(new byte[16], message, AesKey.decode(DemoAccount.ENCODING_AES_KEY),
				DemoAccount.APP_ID);
		String timestamp = Long.toString(NOW.getEpochSecond());
		String nonce = "1234567890";
		return "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt><MsgSignature><![CDATA["
				+ WechatSignature.compute(token, timestamp, nonce, encrypt) + "]]></MsgSignature><TimeStamp>"
				+ timestamp + "</TimeStamp><Nonce><![CDATA[" + nonce + "]]></Nonce></xml>";
	}

	@Test
	void shouldSendAnUnansweredPushAgainUpToThreeTimes() throws InterruptedException {
		for (int i = 0; i < 4; i++) {
			this.receiver.enqueue(new MockResponse.Builder().body("success")
				.headersDelay(ANSWER_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS)
				.build());
		}
		assertThat(this.sender.push("o-user", "<xml/>").block(Duration.ofSeconds(20))).hasSize(4)
			.allMatch((answer) -> answer.startsWith("no answer"));
		assertReceivedTheSamePush(4);
	}

	@Test
	void shouldStopRetryingOnceTheReceiverAnswers() throws InterruptedException {
		this.receiver.enqueue(new MockResponse.Builder().code(503).body("{}").build());
		this.receiver.enqueue(new MockResponse.Builder().body("success").build());
		assertThat(this.sender.push("o-user", "<xml/>").block(Duration.ofSeconds(10))).hasSize(2).endsWith("success");
		assertReceivedTheSamePush(2);
	}

	/**
	 * Waits until the receiver recorded {@code expected} requests (the server may record
	 * a request after the client gave up on it), all the same push, and checks that the
	 * push was over by then: the sender sent no more.
	 */
	private void assertReceivedTheSamePush(int expected) throws InterruptedException {
		List<String> targets = new ArrayList<>();
		for (int i = 0; i < expected; i++) {
			RecordedRequest request = this.receiver.takeRequest(10, TimeUnit.SECONDS);
			assertThat(request).as("request %d of %d", i + 1, expected).isNotNull();
			targets.add(request.getUrl().toString());
		}
		assertThat(targets).containsOnly(targets.get(0));
		assertThat(this.receiver.getRequestCount()).isEqualTo(expected);
	}

}
