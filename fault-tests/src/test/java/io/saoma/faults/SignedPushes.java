package io.saoma.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.saoma.localstack.DemoAccount;
import io.saoma.receiver.TestPushes;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.QrTicket;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Scans pushed to the receiver as WeChat pushes them for the demo account (safe mode,
 * signed and encrypted), with a CreateTime of the test's choosing, for scans the
 * simulator's phone cannot make (e.g. after the code expired).
 */
final class SignedPushes {

	private static final TestPushes.Keys DEMO = new TestPushes.Keys(DemoAccount.TOKEN, DemoAccount.ENCODING_AES_KEY,
			DemoAccount.APP_ID);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String receiverUrl;

	SignedPushes(String receiverUrl) {
		this.receiverUrl = receiverUrl;
	}

	/**
	 * Pushes a SCAN of a login's QR code by a new openid.
	 * @param ticket the login's ticket (from {@code wechat.qr-tickets})
	 * @param createTime the push's CreateTime, Unix seconds
	 * @return the receiver's answer ({@code success} when it took the push)
	 */
	String scan(QrTicket ticket, long createTime) {
		String xml = "<xml><ToUserName><![CDATA[" + DemoAccount.ORIGINAL_ID + "]]></ToUserName><FromUserName><![CDATA[o"
				+ UUID.randomUUID().toString().replace("-", "") + "]]></FromUserName><CreateTime>" + createTime
				+ "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA["
				+ ticket.getScene() + "]]></EventKey><Ticket><![CDATA[" + ticket.getTicket() + "]]></Ticket></xml>";
		long now = System.currentTimeMillis() / 1000;
		TestPushes.Push push = TestPushes.safe(DEMO, now, Long.toString(System.nanoTime()), xml);
		try {
			HttpResponse<String> response = HTTP
				.send(HttpRequest.newBuilder(URI.create(this.receiverUrl + "?" + push.query()))
					.timeout(Duration.ofSeconds(10))
					.header("Content-Type", push.contentType())
					.POST(HttpRequest.BodyPublishers.ofString(push.body()))
					.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : response.statusCode() + " " + response.body();
		}
		catch (IOException ex) {
			return "no answer (" + ex + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	/**
	 * The ticket of a login as the login processor published it.
	 * @param topics a reader of the broker
	 * @param loginId the login
	 * @return its ticket record
	 */
	static QrTicket ticketOf(TopicReader topics, String loginId) {
		List<ConsumerRecord<String, QrTicket>> records = topics.readFromBeginning(Topics.Names.QR_TICKETS,
				Integer.MAX_VALUE, Duration.ofSeconds(3), new StringDeserializer(),
				AvroSerdes.qrTicket().deserializer());
		return records.stream()
			.map(ConsumerRecord::value)
			.filter((ticket) -> ticket != null && loginId.equals(ticket.getLoginId()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"no ticket of login " + loginId + " on " + Topics.Names.QR_TICKETS));
	}

}
