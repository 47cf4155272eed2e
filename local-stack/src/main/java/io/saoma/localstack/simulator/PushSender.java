package io.saoma.localstack.simulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.saoma.localstack.DemoAccount;
import io.saoma.loginprocessor.RandomTokens;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.crypto.MessageCipher;
import io.saoma.receiver.crypto.WechatSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Pushes an event to the receiver exactly as WeChat does in safe mode: the XML message
 * encrypted (AES-256-CBC, PKCS#7 over 32 bytes), {@code signature} and
 * {@code msg_signature} in the query, and the same request sent again up to
 * {@code pushRetries} times when the receiver does not answer within {@code pushTimeout}
 * or answers 5xx. A passive reply in the answer (the welcome text to a new follower) is
 * read as WeChat reads it ({@link PassiveReplies}: signature checked, decrypted with the
 * account's EncodingAESKey) and lands in the user's chat ({@link ChatInbox}); the push
 * counts as delivered ({@code success}), as it does for WeChat.
 */
public class PushSender {

	private static final Logger logger = LoggerFactory.getLogger(PushSender.class);

	private static final AesKey KEY = AesKey.decode(DemoAccount.ENCODING_AES_KEY);

	private final WebClient client;

	private final URI receiverUrl;

	private final Duration timeout;

	private final int retries;

	private final Clock clock;

	private final ChatInbox inbox;

	public PushSender(WebClient client, SimulatorProperties properties, Clock clock, ChatInbox inbox) {
		this.client = client;
		this.inbox = inbox;
		this.receiverUrl = properties.receiverUrl();
		this.timeout = properties.pushTimeout();
		this.retries = properties.pushRetries();
		this.clock = clock;
	}

	/**
	 * Sends a message as WeChat would.
	 * @param openId the user it comes from
	 * @param xml the plaintext message
	 * @return what each delivery attempt got back
	 */
	public Mono<List<String>> push(String openId, String xml) {
		String encrypt = MessageCipher.encrypt(RandomTokens.bytes(16), xml, KEY, DemoAccount.APP_ID);
		String timestamp = Long.toString(this.clock.instant().getEpochSecond());
		String nonce = Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000_000));
		URI uri = URI.create(this.receiverUrl + "?signature="
				+ WechatSignature.compute(DemoAccount.TOKEN, timestamp, nonce) + "&timestamp=" + timestamp + "&nonce="
				+ nonce + "&openid=" + openId + "&encrypt_type=aes&msg_signature="
				+ WechatSignature.compute(DemoAccount.TOKEN, timestamp, nonce, encrypt));
		String body = "<xml><ToUserName><![CDATA[" + DemoAccount.ORIGINAL_ID + "]]></ToUserName><Encrypt><![CDATA["
				+ encrypt + "]]></Encrypt></xml>";
		List<String> attempts = new ArrayList<>();
		// a scan or follow opens WeChat's 48-hour window for customer-service messages
		this.inbox.interacted(openId);
		return attempt(uri, body, openId, attempts).repeat(this.retries)
			.takeUntil((answer) -> answer.equals("success") || answer.startsWith("4"))
			.then(Mono.fromSupplier(() -> attempts));
	}

	private Mono<String> attempt(URI uri, String body, String openId, List<String> attempts) {
		return Mono.defer(() -> this.client.post()
			.uri(uri)
			.contentType(MediaType.TEXT_XML)
			.bodyValue(body)
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((answer) -> response.statusCode().is2xxSuccessful() ? answer
						: response.statusCode().value() + " " + answer))
			.timeout(this.timeout)
			.onErrorResume((ex) -> Mono.just("no answer (" + ex.getClass().getSimpleName() + ")"))
			.map((answer) -> PassiveReplies.isReply(answer) ? passiveReply(openId, answer) : answer)
			.doOnNext((answer) -> {
				attempts.add(answer);
				if (!answer.equals("success")) {
					logger.info("The receiver answered a push with '{}'; WeChat would retry", answer);
				}
			}));
	}

	private String passiveReply(String openId, String answer) {
		String text = PassiveReplies.text(answer);
		if (text == null) {
			logger.warn("The receiver answered a push with a reply WeChat could not read (signature, key or format);"
					+ " the user would see '该公众号暂时无法提供服务'");
			return "unreadable reply";
		}
		this.inbox.received(openId, "reply", text);
		return "success";
	}

	/**
	 * The message a scan of a parametric QR code produces.
	 * @param openId who scanned
	 * @param code the code scanned
	 * @param newFollower whether the user follows the account with this scan (subscribe)
	 * or already did (SCAN)
	 * @param createTime when, in Unix seconds
	 * @return the plaintext XML
	 */
	static String scanMessage(String openId, WechatPlatform.QrCode code, boolean newFollower, long createTime) {
		String event = newFollower ? "subscribe" : "SCAN";
		String eventKey = newFollower ? "qrscene_" + code.scene() : code.scene();
		return "<xml><ToUserName><![CDATA[" + DemoAccount.ORIGINAL_ID + "]]></ToUserName><FromUserName><![CDATA["
				+ openId + "]]></FromUserName><CreateTime>" + createTime
				+ "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[" + event
				+ "]]></Event><EventKey><![CDATA[" + eventKey + "]]></EventKey><Ticket><![CDATA[" + code.ticket()
				+ "]]></Ticket></xml>";
	}

}
