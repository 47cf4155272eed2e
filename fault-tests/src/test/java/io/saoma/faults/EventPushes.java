package io.saoma.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import io.saoma.receiver.TestPushes;
import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.crypto.AesKey;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.push.PushRejectedException;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.DedupIds;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Login pushes (safe-mode SCANs of new users) as the receiver publishes them to
 * {@code wechat.events}: signed and encrypted like WeChat's and decoded by the receiver's
 * own decoder. The forwarder's scenarios put their backlog in here directly, so the
 * receiver's JVM does not take CPU from the forwarder they measure.
 */
final class EventPushes implements AutoCloseable {

	private static final TestPushes.Keys KEYS = new TestPushes.Keys("faultToken", "F".repeat(43), "wxfa017e57000000");

	private final KafkaProducer<String, WechatEvent> producer;

	EventPushes(String bootstrapServers) {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		this.producer = new KafkaProducer<>(config, new StringSerializer(), AvroSerdes.wechatEvent().serializer());
	}

	/**
	 * Publishes one SCAN of a new user for an account.
	 * @param account the account id
	 * @return the push's de-duplication id, what the forwarder sends as
	 * {@code X-Saoma-Event-Id}
	 */
	String send(String account) {
		WechatEvent event = scan(account);
		this.producer.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS,
				EventKeys.of(event.getAppId(), event.getFromUserName()), event));
		return DedupIds.of(event);
	}

	void flush() {
		this.producer.flush();
	}

	static WechatEvent scan(String account) {
		long now = Instant.now().getEpochSecond();
		String xml = "<xml><ToUserName><![CDATA[gh_fault]]></ToUserName><FromUserName><![CDATA[o"
				+ UUID.randomUUID().toString().replace("-", "") + "]]></FromUserName><CreateTime>" + now
				+ "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event>"
				+ "<EventKey><![CDATA[scene]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>";
		TestPushes.Push push = TestPushes.safe(KEYS, now, UUID.randomUUID().toString(), xml);
		try {
			WechatAccount keys = new WechatAccount(account, KEYS.appId(), KEYS.token(),
					AesKey.decode(KEYS.encodingAesKey()), null, EncryptionMode.PLAINTEXT);
			return new PushDecoder(Clock.systemUTC(), Duration.ZERO).decode(keys, push.toRequest(Instant.now()));
		}
		catch (PushRejectedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
