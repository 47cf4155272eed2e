package io.saoma.forwarder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.saoma.forwarder.relay.RelayFailure;
import io.saoma.forwarder.relay.RelayListener;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.events.EventProducer;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.retrytopic.DestinationTopic;
import org.springframework.kafka.retrytopic.DestinationTopicContainer;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay on a real broker against an Authing stand-in over real HTTP: both formats
 * byte for byte, retries with back-off, dead letters with their reason, and an outage of
 * Authing that loses nothing.
 */
class RelayIT {

	private static final Logger logger = LoggerFactory.getLogger(RelayIT.class);

	private static AuthingStub authing;

	private static EventProducer pushes;

	private static ConfigurableApplicationContext forwarder;

	@BeforeAll
	static void start() throws IOException {
		EmbeddedKraftBroker broker = ForwarderRuns.brokerWithEvents();
		authing = new AuthingStub();
		pushes = new EventProducer(broker.bootstrapServers());
		forwarder = ForwarderRuns.start(broker.bootstrapServers(), authing);
	}

	@AfterAll
	static void stop() {
		if (forwarder != null) {
			forwarder.close();
		}
		pushes.close();
		authing.close();
	}

	@Test
	void shouldRelayAuthingsDemoShapeAndVerbatimPushesByteForByte() {
		WechatEvent demo = pushes.send(Scans.safe("demo"));
		WechatEvent plain = pushes.send(Scans.plaintext("plain"));
		pushes.flush();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !authing.received(demo.getEventId()).isEmpty()
					&& !authing.received(plain.getEventId()).isEmpty());

		AuthingStub.Received demoRequest = authing.received(demo.getEventId()).get(0);
		String envelope = StandardCharsets.UTF_8.decode(demo.getRequest().getBody().duplicate()).toString();
		String encrypt = envelope.substring(envelope.indexOf("<Encrypt><![CDATA[") + 18,
				envelope.indexOf("]]></Encrypt>"));
		assertThat(demoRequest.path()).isEqualTo("/connections/social/wx-demo/pool-1/events");
		assertThat(demoRequest.query()).isNull();
		assertThat(demoRequest.contentType()).startsWith("application/json");
		assertThat(new String(demoRequest.body(), StandardCharsets.UTF_8))
			.isEqualTo("{\"xml\":{\"tousername\":[\"gh_test\"],\"encrypt\":[\"" + encrypt + "\"]}}");

		AuthingStub.Received plainRequest = authing.received(plain.getEventId()).get(0);
		assertThat(plainRequest.path()).isEqualTo("/connections/social/wx-plain/pool-1/events");
		assertThat(plainRequest.query()).isEqualTo("tenant=t1&" + plain.getRequest().getRawQuery());
		assertThat(plainRequest.contentType()).isEqualTo("text/xml");
		byte[] original = new byte[plain.getRequest().getBody().remaining()];
		plain.getRequest().getBody().duplicate().get(original);
		assertThat(plainRequest.body()).isEqualTo(original);
	}

	@Test
	void shouldDeclareARetryTopicPerDistinctBackOffDelayThenTheDeadLetterTopic() {
		DestinationTopicContainer topics = forwarder.getBean(DestinationTopicContainer.class);
		DestinationTopic main = topics.getDestinationTopicByName(RelayListener.ID, Topics.Names.WECHAT_EVENTS);
		List<String> chain = new ArrayList<>();
		DestinationTopic topic = main;
		while (!topic.isDltTopic() && chain.size() < 10) {
			topic = topics.getNextDestinationTopicFor(RelayListener.ID, topic.getDestinationName());
			chain.add(topic.getDestinationName() + "@" + topic.getDestinationDelay());
		}
		// forwarder.retry: initial-delay 200ms, multiplier 2, max-delay 1s
		assertThat(chain).containsExactly("wechat.events.authing-relay-retry-0@200",
				"wechat.events.authing-relay-retry-1@400", "wechat.events.authing-relay-retry-2@800",
				"wechat.events.authing-relay-retry-3@1000", Topics.Names.RELAY_DLT + "@0");
		// forwarder.retry.attempts 30; a refusal and an undecodable record are not
		// retried
		assertThat(main.shouldRetryOn(29, new RelayFailure.Retryable("503"))).isTrue();
		assertThat(main.shouldRetryOn(30, new RelayFailure.Retryable("503"))).isFalse();
		assertThat(main.shouldRetryOn(1, new RelayFailure.Rejected("400"))).isFalse();
		assertThat(main.shouldRetryOn(1, new RelayFailure.Expired("max-age"))).isFalse();
	}

	@Test
	void shouldTimeTheCallsToAuthingPerAccountInBootsHttpClientMetrics() {
		WechatEvent event = pushes.send(Scans.safe("demo"));
		pushes.flush();
		await().atMost(Duration.ofSeconds(30)).until(() -> authing.delivered().containsKey(event.getEventId()));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> prometheus().lines()
				.anyMatch((line) -> line.startsWith("http_client_requests_seconds_count{account=\"demo\"")
						&& line.contains("status=\"200\"")));
	}

	@Test
	void shouldDeliverOnceWhenAuthingAnswers503TwiceThen200() {
		assertDeliveredOnceAfter(503, 503, 200);
	}

	@Test
	void shouldRetryA404AsAFailureOfTheEndpointInsteadOfDeadLetteringIt() {
		WechatEvent event = assertDeliveredOnceAfter(404, 301, 200);
		assertThat(deadLetters(event)).isEmpty();
	}

	/**
	 * Sends a push that Authing answers with these statuses in turn, and waits until it
	 * is delivered after exactly these calls.
	 */
	private static WechatEvent assertDeliveredOnceAfter(Integer... statuses) {
		WechatEvent event = Scans.safe("demo");
		authing.script(event.getEventId(), statuses);
		pushes.send(event);
		pushes.flush();
		await().atMost(Duration.ofSeconds(30)).until(() -> authing.delivered().containsKey(event.getEventId()));
		assertThat(authing.received(event.getEventId())).extracting(AuthingStub.Received::status)
			.containsExactly(statuses);
		return event;
	}

	/**
	 * Sends a push and waits until the dead-letter topic has it, once.
	 */
	private static List<ConsumerRecord<String, byte[]>> sendAndAwaitOneDeadLetter(WechatEvent event) {
		pushes.send(event);
		pushes.flush();
		List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			dead.clear();
			dead.addAll(deadLetters(event));
			assertThat(dead).hasSize(1);
		});
		return dead;
	}

	@Test
	void shouldSendA400StraightToTheDeadLetterTopicWithTheReason() {
		WechatEvent event = Scans.safe("demo");
		authing.script(event.getEventId(), 400);
		List<ConsumerRecord<String, byte[]>> dead = sendAndAwaitOneDeadLetter(event);
		assertThat(
				new String(dead.get(0).headers().lastHeader("kafka_exception-message").value(), StandardCharsets.UTF_8))
			.contains("answered 400");
		assertThat(authing.received(event.getEventId())).hasSize(1);
	}

	@Test
	void shouldDeadLetterARelayOlderThanTheMaxAgeWithItsReasonWithoutCallingAuthing() {
		WechatEvent event = Scans.safe("demo");
		event.setReceivedAt(Instant.now().minus(Duration.ofMinutes(61)));
		double expiredBefore = metric("forwarder_relay_total{account=\"demo\",outcome=\"expired\"}");
		List<ConsumerRecord<String, byte[]>> dead = sendAndAwaitOneDeadLetter(event);
		assertThat(new String(dead.get(0).headers().lastHeader(RelayFailure.REASON_HEADER).value(),
				StandardCharsets.UTF_8))
			.isEqualTo("max-age");
		assertThat(
				new String(dead.get(0).headers().lastHeader("kafka_exception-message").value(), StandardCharsets.UTF_8))
			.contains("forwarder.relay.max-age");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> metric("forwarder_relay_total{account=\"demo\",outcome=\"expired\"}") > expiredBefore);
		assertThat(authing.received(event.getEventId())).isEmpty();
	}

	@Test
	void shouldCountADeadLetterNobodyCanDecodeAndGoOnRelayingItsPartition() {
		String counter = "forwarder_relay_total{account=\"undecodable\",outcome=\"dead_lettered\"}";
		double before = metric(counter);
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKraftBroker.shared().bootstrapServers());
		int partitions;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			// one on every partition, ahead of the push below, whichever partition it is
			// in
			partitions = producer.partitionsFor(Topics.Names.WECHAT_EVENTS).size();
			for (int partition = 0; partition < partitions; partition++) {
				producer.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, partition, "poison",
						"not a WechatEvent".getBytes(StandardCharsets.UTF_8)));
			}
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> metric(counter) >= before + partitions);
		WechatEvent after = pushes.send(Scans.safe("demo"));
		await().atMost(Duration.ofSeconds(30)).until(() -> !authing.received(after.getEventId()).isEmpty());
	}

	/**
	 * A counter's value from the forwarder's Prometheus endpoint, 0 while it does not
	 * exist.
	 */
	private static double metric(String series) {
		return prometheus().lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst()
			.orElse(0);
	}

	private static String prometheus() {
		return WebClient.builder()
			.baseUrl(management(forwarder))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
	}

	/**
	 * The dead letters of one push; other tests also leave poison records (raw bytes)
	 * there.
	 */
	private static List<ConsumerRecord<String, byte[]>> deadLetters(WechatEvent event) {
		return TopicReader.of(EmbeddedKraftBroker.shared())
			.readFromBeginning(Topics.Names.RELAY_DLT, 1000, Duration.ofSeconds(1), new StringDeserializer(),
					new ByteArrayDeserializer())
			.stream()
			.filter((record) -> isDeadLetterOf(record.value(), event))
			.toList();
	}

	private static boolean isDeadLetterOf(byte[] value, WechatEvent event) {
		try {
			return AvroSerdes.wechatEvent().decode(value).getEventId().equals(event.getEventId());
		}
		catch (SerializationException ex) {
			return false;
		}
	}

	@Test
	void shouldDeliverEveryPushSentDuringAnOutageOnceAuthingIsBack() {
		authing.down(true);
		long failedBefore = authing.failed();
		List<String> sent = Scans.publishSafe(pushes, "demo", 1000);
		await().atMost(Duration.ofSeconds(30)).until(() -> authing.failed() - failedBefore >= 5);
		WebClient actuator = WebClient.builder()
			.baseUrl(management(forwarder))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
			.build();
		Map<String, Object> health = actuator.get()
			.uri("/actuator/health")
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(10));
		assertThat(health).containsEntry("status", "DEGRADED");
		assertThat(actuator.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10))).contains("forwarder_relay_total{account=\"demo\",outcome=\"retried\"}")
			.contains("kafka_consumer_fetch_manager_records_lag");
		// the outage goes on for 3 s more (a scenario's duration, not a wait for a
		// result): the open circuit must keep
		// the calls made meanwhile few
		await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
		long failedDuringOutage = authing.failed() - failedBefore;
		authing.down(false);

		await().atMost(Duration.ofSeconds(120)).until(() -> authing.delivered().keySet().containsAll(sent));
		Map<String, Long> delivered = authing.delivered();
		long duplicates = sent.stream().mapToLong((id) -> delivered.get(id) - 1).sum();
		logger.info("Outage: 1000 pushes, {} failed calls while Authing was down, all delivered, {} duplicates",
				failedDuringOutage, duplicates);
		assertThat(sent).allMatch(delivered::containsKey);
		assertThat(failedDuringOutage).as("the circuit keeps an outage from becoming a retry storm").isLessThan(100);
	}

	/**
	 * The base URL of a forwarder's management port, where its actuator is.
	 * @param forwarder a running forwarder
	 * @return {@code http://127.0.0.1:<management port>}
	 */
	static String management(ConfigurableApplicationContext forwarder) {
		return "http://127.0.0.1:" + forwarder.getEnvironment().getProperty("local.management.port");
	}

}
