package io.saoma.forwarder.fanout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.common.InvalidConfigurationFailureAnalyzer;
import io.saoma.common.streams.StreamsHealthIndicator;
import io.saoma.forwarder.fanout.FanoutSamples.Sample;
import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fan-out as Spring wires it, on a real broker: topics ensured at start-up, the named
 * topology running in Spring's Kafka Streams with its metrics and health, and a start-up
 * failure Boot explains when {@code wechat.events} is missing.
 */
class FanoutConfigurationIT {

	private static final Logger logger = LoggerFactory.getLogger(FanoutConfigurationIT.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@TempDir
	private Path stateDir;

	@Test
	void shouldFanOutWithTheTopologySpringRuns() throws Exception {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.shared();
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		String applicationId = "fanout-configuration-it-" + UUID.randomUUID();
		EventsTopic.skipBacklog(broker, applicationId);
		TopicReader reader = TopicReader.of(broker);
		runner(broker.bootstrapServers(), applicationId).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(topicsOn(broker)).containsAll(FanoutTopics.targets());
			Map<TopicPartition, Long> before = await().atMost(TIMEOUT)
				.ignoreExceptions()
				.until(() -> reader.endOffsets("wechat.events.click"), (offsets) -> !offsets.isEmpty());
			Sample click = FanoutSamples.firstOf("user-1", "wechat.events.click");

			EventsTopic.publish(broker,
					List.of(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, click.key(), click.value())));

			List<ConsumerRecord<byte[], byte[]>> published = reader.readFrom(before, 1, TIMEOUT);
			assertThat(published).singleElement().satisfies((record) -> {
				assertThat(record.key()).isEqualTo(click.key());
				assertThat(record.value()).isEqualTo(click.value());
			});
			assertThat(context.getBean(MeterRegistry.class)
				.get(FanoutMetrics.ROUTED)
				.tag("topic", "wechat.events.click")
				.counter()
				.count()).isEqualTo(1);
			assertThat(context.getBean("fanoutHealthIndicator", StreamsHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UP);
			String description = context.getBean(StreamsBuilderFactoryBean.class).getTopology().describe().toString();
			logger.info("Topology as Spring runs it: {}", description);
			assertThat(description).doesNotContain("KSTREAM-")
				.contains(FanoutTopology.SOURCE, FanoutTopology.SINK, FanoutTopology.DEAD_LETTER_SINK);
		});
	}

	@Test
	void shouldMirrorAsJsonWhenTheMirrorIsEnabled() throws Exception {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.shared();
		broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		String applicationId = "fanout-configuration-it-json-" + UUID.randomUUID();
		EventsTopic.skipBacklog(broker, applicationId);
		TopicReader reader = TopicReader.of(broker);
		runner(broker.bootstrapServers(), applicationId).withPropertyValues("forwarder.fanout.json-mirror.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(topicsOn(broker)).containsAll(FanoutTopics.targets(true));
				Map<TopicPartition, Long> before = await().atMost(TIMEOUT)
					.ignoreExceptions()
					.until(() -> reader.endOffsets("wechat.json.events.click"), (offsets) -> !offsets.isEmpty());
				Sample click = FanoutSamples.firstOf("json-user-1", "wechat.events.click");

				EventsTopic.publish(broker,
						List.of(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, click.key(), click.value())));

				List<ConsumerRecord<byte[], byte[]>> mirrored = reader.readFrom(before, 1, TIMEOUT);
				assertThat(mirrored).singleElement().satisfies((record) -> {
					assertThat(record.key()).isEqualTo(click.key());
					assertThat(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8))
						.startsWith("{\"v\":1,\"eventId\":\"" + click.event().getEventId() + "\"");
				});
				assertThat(context.getBean(MeterRegistry.class)
					.get(FanoutMetrics.MIRRORED)
					.tag("topic", "wechat.json.events.click")
					.counter()
					.count()).isEqualTo(1);
				assertThat(context.getBean(StreamsBuilderFactoryBean.class).getTopology().describe().toString())
					.contains(FanoutTopology.JSON_SINK);
			});
	}

	@Test
	void shouldExplainAMissingEventsTopicAtStartup() {
		EmbeddedKraftBroker empty = EmbeddedKraftBroker.start();
		try {
			runner(empty.bootstrapServers(), "fanout-configuration-it").run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Topic wechat.events does not exist.");
				assertThat(analysis.getAction()).startsWith("Create it before starting the forwarder");
				assertThat(topicsOn(empty)).doesNotContainAnyElementsOf(FanoutTopics.targets());
			});
		}
		finally {
			empty.close();
		}
	}

	private ApplicationContextRunner runner(String bootstrapServers, String applicationId) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
			.withUserConfiguration(FanoutConfiguration.class)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("spring.kafka.bootstrap-servers=" + bootstrapServers,
					"spring.kafka.streams.application-id=" + applicationId,
					"spring.kafka.streams.state-dir=" + this.stateDir,
					"spring.kafka.streams.properties.processing.guarantee=exactly_once_v2",
					"spring.kafka.streams.properties.commit.interval.ms=100");
	}

	private static Set<String> topicsOn(EmbeddedKraftBroker broker) throws Exception {
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		try (Admin admin = Admin.create(config)) {
			return admin.listTopics().names().get();
		}
	}

}
