package io.saoma.loginprocessor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.saoma.common.streams.DeadLetterHeaders;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.events.TestEvents;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.QrTicket;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The matcher on a real broker. Poison records: an undecodable push on
 * {@code wechat.events} and a ticket the matcher throws on (an expiresAt at the end of
 * representable time) end on {@code wechat.login-processor.dlt} as they were written, the
 * health says how many were dead-lettered and stays UP, and the login behind them
 * succeeds. Expiry: a scan made before its QR code expired but processed after logs in;
 * one made after it does not.
 */
class LoginMatcherIT {

	private static final String APP_ID = TestEvents.APP_ID;

	private static LoginProcessorRun processor;

	@BeforeAll
	static void start() {
		// a broker of its own: with a new application id the processor would also match
		// what other tests left
		processor = LoginProcessorRun.start("login-matcher-it");
	}

	@AfterAll
	static void stop() {
		if (processor != null) {
			processor.close();
		}
	}

	@Test
	void shouldDeadLetterPoisonRecordsAsWrittenSayItInTheHealthAndLogInTheNextScan() {
		String suffix = Long.toHexString(System.nanoTime());
		String openId = "o" + suffix;
		String poisonTicket = "POISON-" + suffix;
		String ticket = "TICKET-" + suffix;
		String loginId = "login-" + suffix;
		QrTicket poison = ticket("poison-" + suffix, poisonTicket, Instant.ofEpochMilli(Long.MAX_VALUE));
		byte[] poisonBytes = AvroSerdes.qrTicket().encode(poison);
		byte[] garbage = ("not a push " + suffix).getBytes(StandardCharsets.UTF_8);
		TopicReader reader = TopicReader.of(processor.broker());
		Map<TopicPartition, Long> dltStart = reader.endOffsets(Topics.Names.LOGIN_PROCESSOR_DLT);
		Map<TopicPartition, Long> loginsStart = reader.endOffsets(Topics.Names.LOGINS);

		try (KafkaProducer<String, byte[]> producer = processor.producer()) {
			producer.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, EventKeys.of(APP_ID, openId), garbage));
			producer.send(new ProducerRecord<>(Topics.Names.QR_TICKETS, poisonTicket, poisonBytes));
			producer.send(new ProducerRecord<>(Topics.Names.QR_TICKETS, ticket,
					AvroSerdes.qrTicket().encode(ticket(loginId, ticket, Instant.now().plusSeconds(300)))));
			producer.flush();
			producer.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, EventKeys.of(APP_ID, openId),
					AvroSerdes.wechatEvent().encode(scan(openId, ticket))));
			producer.flush();
		}

		List<ConsumerRecord<String, byte[]>> dead = reader.readFrom(dltStart, 2, Duration.ofSeconds(30),
				new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
		assertThat(dead).hasSize(2);
		ConsumerRecord<String, byte[]> deadTicket = dead.stream()
			.filter((record) -> poisonTicket.equals(record.key()))
			.findFirst()
			.orElseThrow();
		assertThat(deadTicket.value()).isEqualTo(poisonBytes);
		assertThat(header(deadTicket, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.Names.QR_TICKETS);
		assertThat(header(deadTicket, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(ArithmeticException.class.getName());
		ConsumerRecord<String, byte[]> deadPush = dead.stream()
			.filter((record) -> !poisonTicket.equals(record.key()))
			.findFirst()
			.orElseThrow();
		assertThat(deadPush.value()).isEqualTo(garbage);
		assertThat(header(deadPush, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.Names.WECHAT_EVENTS);

		assertThat(awaitResult(reader, loginsStart, loginId).getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);

		Map<String, Object> streams = processor.kafkaStreamsHealth();
		assertThat(streams).containsEntry("status", "UP");
		assertThat((Map<String, Object>) streams.get("details")).containsEntry("deadLettered", 2)
			.containsEntry("threadFailures", 0);
	}

	@Test
	void shouldDecideExpiryOnTheScansCreateTimeNotOnWhenItIsProcessed() {
		String suffix = Long.toHexString(System.nanoTime());
		Instant now = Instant.now();
		// expired 3 s ago, scanned 4 s before that: processed late, made in time (skew 5
		// s, grace 15 s)
		String inTime = "IN-TIME-" + suffix;
		// expired 10 s ago, scanned now: past expiresAt + 5 s skew, while the ticket is
		// still pending
		String late = "LATE-" + suffix;
		TopicReader reader = TopicReader.of(processor.broker());
		Map<TopicPartition, Long> loginsStart = reader.endOffsets(Topics.Names.LOGINS);

		try (KafkaProducer<String, byte[]> producer = processor.producer()) {
			producer.send(new ProducerRecord<>(Topics.Names.QR_TICKETS, inTime,
					AvroSerdes.qrTicket().encode(ticket("login-" + inTime, inTime, now.minusSeconds(3)))));
			producer.send(new ProducerRecord<>(Topics.Names.QR_TICKETS, late,
					AvroSerdes.qrTicket().encode(ticket("login-" + late, late, now.minusSeconds(10)))));
			producer.flush();
			producer.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, EventKeys.of(APP_ID, "o1" + suffix),
					AvroSerdes.wechatEvent().encode(scan("o1" + suffix, inTime, now.minusSeconds(7)))));
			producer.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, EventKeys.of(APP_ID, "o2" + suffix),
					AvroSerdes.wechatEvent().encode(scan("o2" + suffix, late, now))));
			producer.flush();
		}

		assertThat(awaitResult(reader, loginsStart, "login-" + inTime).getOutcome()).isEqualTo(LoginOutcome.SUCCEEDED);
		LoginResult rejected = awaitResult(reader, loginsStart, "login-" + late);
		assertThat(rejected.getOutcome()).isEqualTo(LoginOutcome.REJECTED);
		assertThat(rejected.getReason()).isEqualTo("scanned after the QR code expired");
	}

	/**
	 * The first result of a login written since the given offsets, waiting for it (other
	 * tests' logins of this class may come first, e.g. a ticket expiring).
	 */
	private static LoginResult awaitResult(TopicReader reader, Map<TopicPartition, Long> start, String loginId) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> reader
				.readFrom(start, Integer.MAX_VALUE, Duration.ofMillis(500), new StringDeserializer(),
						AvroSerdes.loginResult().deserializer())
				.stream()
				.filter((record) -> loginId.equals(record.key()))
				.map(ConsumerRecord::value)
				.findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	private static QrTicket ticket(String loginId, String ticket, Instant expiresAt) {
		return new QrTicket(loginId, "main", APP_ID, "scene-" + ticket, ticket, "http://weixin.qq.com/q/" + ticket,
				Instant.now(), expiresAt, null);
	}

	private static WechatEvent scan(String openId, String ticket) {
		return scan(openId, ticket, Instant.now());
	}

	private static WechatEvent scan(String openId, String ticket, Instant createTime) {
		return TestEvents.scan("scene-" + ticket, ticket)
			.appId(APP_ID)
			.from(openId)
			.createTime(createTime)
			.encryption(EncryptionMode.SAFE)
			.withoutDedupId()
			.build();
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
