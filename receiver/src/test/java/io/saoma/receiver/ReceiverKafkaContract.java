package io.saoma.receiver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.saoma.receiver.TestPushes.Keys;
import io.saoma.receiver.TestPushes.Push;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.PayloadFormat;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.kafka.KafkaBroker;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver against a real broker: what is answered {@code success} is exactly what
 * lands on {@code wechat.events}, and what is refused lands nowhere. Subclasses choose
 * where the broker runs.
 */
@ReceiverTest
@TestPropertySource(
		properties = { "wechat.accounts.main.encryption-mode=plaintext", "wechat.receiver.publish-timeout=3s" })
abstract class ReceiverKafkaContract {

	static final Keys KEYS = new Keys("AAAAA", "A".repeat(43), "wxba5fad812f8e6fb9");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	WebTestClient client;

	/** The actuator, on its own port. */
	WebTestClient management;

	TopicReader reader;

	abstract KafkaBroker broker();

	@BeforeEach
	void connect() {
		this.client = ReceiverPosts.client(this.port);
		this.management = ReceiverPosts.client(this.managementPort);
		this.reader = TopicReader.of(broker());
	}

	@Test
	void shouldPublishExactlyThePushesOfEveryModeAnsweredSuccess() {
		Map<TopicPartition, Long> before = this.reader.endOffsets(Topics.Names.WECHAT_EVENTS);
		long now = Instant.now().getEpochSecond();
		String plainUser = openId();
		String compatibleUser = openId();
		String safeUser = openId();
		String jsonUser = openId();
		post(TestPushes.plaintext(KEYS, now, "1", scan(plainUser, "scene-1"))).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("success");
		post(TestPushes.compatible(KEYS, now, "2", scan(compatibleUser, "scene-2"))).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("success");
		String safeXml = scan(safeUser, "scene-3");
		post(TestPushes.safe(KEYS, now, "3", safeXml)).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("success");
		post(TestPushes.safeJson(KEYS, now, "4", "gh_test", "{\"ToUserName\":\"gh_test\",\"FromUserName\":\"" + jsonUser
				+ "\",\"CreateTime\":" + now
				+ ",\"MsgType\":\"event\",\"Event\":\"subscribe\",\"EventKey\":\"qrscene_s4\",\"Ticket\":\"T4\"}"))
			.expectStatus()
			.isOk();

		List<ConsumerRecord<String, WechatEvent>> records = read(before, 5, Duration.ofSeconds(5));

		assertThat(records).hasSize(4);
		assertThat(records).extracting(ConsumerRecord::key)
			.containsExactlyInAnyOrder(EventKeys.of(KEYS.appId(), plainUser),
					EventKeys.of(KEYS.appId(), compatibleUser), EventKeys.of(KEYS.appId(), safeUser),
					EventKeys.of(KEYS.appId(), jsonUser));
		Map<String, WechatEvent> byUser = byUser(records);
		assertThat(byUser.get(plainUser).getEncryption()).isEqualTo(EncryptionMode.PLAINTEXT);
		assertThat(byUser.get(plainUser).getEventKey()).isEqualTo("scene-1");
		assertThat(byUser.get(compatibleUser).getEncryption()).isEqualTo(EncryptionMode.COMPATIBLE);
		assertThat(byUser.get(safeUser).getEncryption()).isEqualTo(EncryptionMode.SAFE);
		assertThat(byUser.get(safeUser).getTicket()).isEqualTo("TICKET-scene-3");
		assertThat(byUser.get(safeUser).getPayload()).isEqualTo(safeXml);
		assertThat(byUser.get(safeUser).getRequest().getRawQuery()).contains("encrypt_type=aes&msg_signature=");
		assertThat(byUser.get(jsonUser).getPayloadFormat()).isEqualTo(PayloadFormat.JSON);
		assertThat(byUser.get(jsonUser).getEventKey()).isEqualTo("qrscene_s4");
		assertThat(records).extracting((record) -> record.value().getAccount()).containsOnly("main");
		assertThat(records).extracting((record) -> record.value().getEventId()).doesNotHaveDuplicates();
	}

	@Test
	void shouldAnswerEachBadInputWithItsStatusAndPublishNothing() {
		Map<TopicPartition, Long> before = this.reader.endOffsets(Topics.Names.WECHAT_EVENTS);
		long now = Instant.now().getEpochSecond();
		String xml = scan(openId(), "bad");
		Push safe = TestPushes.safe(KEYS, now, "n", xml);
		expect(TestPushes.plaintext(KEYS, now, "n", xml).withParameter("signature", "0".repeat(40)),
				HttpStatus.UNAUTHORIZED);
		expect(safe.withParameter("msg_signature", "0".repeat(40)), HttpStatus.UNAUTHORIZED);
		expect(TestPushes.plaintext(KEYS, now, "n",
				"<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><ToUserName>&x;</ToUserName></xml>"),
				HttpStatus.BAD_REQUEST);
		expect(TestPushes.plaintext(KEYS, now, "n", "<xml>" + "<Content>x</Content>".repeat(5000) + "</xml>"),
				HttpStatus.CONTENT_TOO_LARGE);
		expect(TestPushes.plaintext(KEYS, now, "n", "<xml><ToUserName>a</FromUserName></xml>"), HttpStatus.BAD_REQUEST);
		String garbage = "@@not*base64@@";
		expect(new Push(
				safe.withParameter("msg_signature",
						io.saoma.receiver.crypto.WechatSignature.compute(KEYS.token(), Long.toString(now), "n",
								garbage))
					.query(),
				"<xml><ToUserName>gh</ToUserName><Encrypt>" + garbage + "</Encrypt></xml>", "text/xml"),
				HttpStatus.BAD_REQUEST);
		expect(TestPushes.safe(new Keys(KEYS.token(), KEYS.encodingAesKey(), "wx0000000000000000"), now, "n", xml),
				HttpStatus.BAD_REQUEST);
		this.client.post()
			.uri("/wechat/nobody?" + safe.query())
			.contentType(MediaType.TEXT_XML)
			.bodyValue(safe.body())
			.exchange()
			.expectStatus()
			.isNotFound();
		expect(TestPushes.plaintext(KEYS, now - 3600, "n", xml), HttpStatus.FORBIDDEN);

		String marker = openId();
		post(TestPushes.plaintext(KEYS, now, "m", scan(marker, "marker"))).expectStatus().isOk();
		List<ConsumerRecord<String, WechatEvent>> records = read(before, 2, Duration.ofSeconds(3));
		assertThat(records).extracting(ConsumerRecord::key).containsExactly(EventKeys.of(KEYS.appId(), marker));
	}

	@Test
	void shouldReportKafkaHealthAndCountPushesForPrometheusWithoutSecrets() {
		post(TestPushes.plaintext(KEYS, Instant.now().getEpochSecond(), "h", scan(openId(), "health"))).expectStatus()
			.isOk();
		assertThat(this.managementPort).isNotEqualTo(this.port);
		this.client.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
		this.management.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.kafka.status")
			.isEqualTo("UP")
			.jsonPath("$.components.kafka.details.topic")
			.isEqualTo("wechat.events")
			.jsonPath("$.components.kafka.details.partitions")
			.isEqualTo(3);
		this.management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body)
				.contains("wechat_receiver_pushes_seconds_count{account=\"main\",outcome=\"accepted\"")
				.contains("wechat_receiver_pushes_seconds_count{account=\"main\",outcome=\"broker_timeout\"")
				.contains("wechat_receiver_pushes_seconds_bucket{account=\"main\",outcome=\"accepted\"")
				.doesNotContain(KEYS.encodingAesKey())
				.doesNotContain("AAAAA\""));
	}

	WebTestClient.ResponseSpec post(Push push) {
		return this.client.post()
			.uri("/wechat/main?" + push.query())
			.contentType(MediaType.parseMediaType(push.contentType()))
			.bodyValue(push.body())
			.exchange();
	}

	private void expect(Push push, HttpStatus status) {
		post(push).expectStatus().isEqualTo(status);
	}

	List<ConsumerRecord<String, WechatEvent>> read(Map<TopicPartition, Long> from, int atMost, Duration timeout) {
		return this.reader.readFrom(from, atMost, timeout, new StringDeserializer(),
				AvroSerdes.wechatEvent().deserializer());
	}

	static Map<String, WechatEvent> byUser(List<ConsumerRecord<String, WechatEvent>> records) {
		return records.stream()
			.collect(java.util.stream.Collectors.toMap((record) -> record.value().getFromUserName(),
					ConsumerRecord::value));
	}

	static String openId() {
		return "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
	}

	static String scan(String openId, String scene) {
		return "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[" + openId
				+ "]]></FromUserName><CreateTime>" + Instant.now().getEpochSecond()
				+ "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA["
				+ scene + "]]></EventKey><Ticket><![CDATA[TICKET-" + scene + "]]></Ticket></xml>";
	}

}
