package io.saoma.loginprocessor;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.testsupport.events.TestEvents;
import io.saoma.schemas.login.QrTicket;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream thread that keeps dying turns the health DOWN: the login processor runs with a
 * producer that can send no result ({@code max.request.size} below any status record), so
 * every attempt at a ticket fails the stream thread, which is replaced and fails again on
 * the same record, while Kafka Streams itself stays RUNNING. The threshold is 0 here, so
 * the first failure shows (the recovery once failures stop is
 * {@code StreamsHealthIndicatorTests}').
 */
class LoginStreamsHealthIT {

	private static LoginProcessorRun processor;

	@BeforeAll
	static void start() {
		// a broker of its own: records other tests left on the shared one would fail the
		// threads before the test
		processor = LoginProcessorRun.start("login-streams-health-it",
				"--spring.kafka.streams.properties.producer.max.request.size=64",
				"--saoma.streams.health.max-thread-failures=0", "--saoma.streams.health.thread-failure-window=10m");
	}

	@AfterAll
	static void stop() {
		if (processor != null) {
			processor.close();
		}
	}

	@Test
	void shouldTurnDownWhileStreamThreadsKeepFailing() {
		assertThat(processor.kafkaStreamsHealth()).containsEntry("status", "UP");
		String ticket = "TICKET-" + Long.toHexString(System.nanoTime());
		QrTicket pending = new QrTicket("login-" + ticket, "main", TestEvents.APP_ID, "scene-" + ticket, ticket,
				"http://weixin.qq.com/q/" + ticket, Instant.now(), Instant.now().plusSeconds(300), null);
		try (KafkaProducer<String, byte[]> producer = processor.producer()) {
			producer.send(new ProducerRecord<>(Topics.Names.QR_TICKETS, ticket, AvroSerdes.qrTicket().encode(pending)));
		}

		// the failing stream threads are the point: their exceptions must not fail the
		// wait
		await().dontCatchUncaughtExceptions()
			.atMost(Duration.ofSeconds(120))
			.until(() -> "DOWN".equals(processor.kafkaStreamsHealth().get("status")));
		@SuppressWarnings("unchecked")
		Map<String, Object> details = (Map<String, Object>) processor.kafkaStreamsHealth().get("details");
		assertThat((String) details.get("reason")).startsWith("stream threads keep failing");
		assertThat((Integer) details.get("threadFailures")).isGreaterThanOrEqualTo(1);
		assertThat(details).containsKey("lastThreadFailure");
		assertThat(processor.streams().state().isRunningOrRebalancing()).isTrue();
	}

}
