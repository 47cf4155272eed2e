package io.saoma.forwarder;

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
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Real pushes, as the receiver publishes them: signed and encrypted like WeChat's,
 * decoded by the receiver's own decoder, produced to {@code wechat.events}.
 */
final class Pushes implements AutoCloseable {

	static final TestPushes.Keys KEYS = new TestPushes.Keys("AAAAA", "A".repeat(43), "wxba5fad812f8e6fb9");

	private final KafkaProducer<String, WechatEvent> producer;

	Pushes(String bootstrapServers) {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		this.producer = new KafkaProducer<>(config, new StringSerializer(), AvroSerdes.wechatEvent().serializer());
	}

	/** A safe-mode SCAN push of a new user for the given account. */
	static WechatEvent safeScan(String account) {
		return decode(account, TestPushes.safe(KEYS, Instant.now().getEpochSecond(), "n", scanXml()));
	}

	/** A plaintext-mode SCAN push of a new user for the given account. */
	static WechatEvent plaintextScan(String account) {
		return decode(account, TestPushes.plaintext(KEYS, Instant.now().getEpochSecond(), "n", scanXml()));
	}

	WechatEvent send(WechatEvent event) {
		this.producer.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS,
				EventKeys.of(event.getAppId(), event.getFromUserName()), event));
		return event;
	}

	void flush() {
		this.producer.flush();
	}

	private static String scanXml() {
		return "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[o"
				+ UUID.randomUUID().toString().substring(0, 20) + "]]></FromUserName><CreateTime>"
				+ Instant.now().getEpochSecond()
				+ "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[scene]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>";
	}

	private static WechatEvent decode(String account, TestPushes.Push push) {
		try {
			// the weakest mode as the minimum, so pushes of every mode decode
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
