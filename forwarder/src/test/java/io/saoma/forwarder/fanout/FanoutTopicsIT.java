package io.saoma.forwarder.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import io.saoma.common.StartupFailureException;
import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Creating the fan-out's topics at start-up, each test on a broker of its own so that it
 * knows which topics exist.
 */
class FanoutTopicsIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private EmbeddedKraftBroker broker;

	private Admin admin;

	private KafkaAdmin kafkaAdmin;

	@BeforeEach
	void startBroker() {
		this.broker = EmbeddedKraftBroker.start();
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers()));
		this.kafkaAdmin = new KafkaAdmin(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers()));
	}

	@AfterEach
	void stopBroker() {
		this.admin.close();
		this.broker.close();
	}

	@Test
	void shouldCreateOnlyTheMissingTopicsWithAsManyPartitionsAsTheEvents() throws Exception {
		this.broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
		this.admin.createTopics(List.of(new NewTopic("wechat.events.click", 1, (short) 1)
			.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000")))).all().get();

		FanoutTopics topics = FanoutTopics.ensure(this.kafkaAdmin);

		List<String> missing = new ArrayList<>(FanoutTopics.targets());
		missing.remove("wechat.events.click");
		assertThat(topics.partitions()).isEqualTo(3);
		assertThat(topics.created()).containsExactlyInAnyOrderElementsOf(missing);
		// a created topic reaches the broker's metadata a moment after CreateTopics
		// answered
		Map<String, TopicDescription> descriptions = await().atMost(TIMEOUT)
			.ignoreException(ExecutionException.class)
			.until(() -> this.admin.describeTopics(FanoutTopics.targets()).allTopicNames().get(), (all) -> true);
		assertThat(descriptions).hasSize(FanoutTopics.targets().size());
		descriptions.forEach((name, description) -> {
			int expected = name.equals("wechat.events.click") ? 1 : 3;
			assertThat(description.partitions()).as(name).hasSize(expected);
			assertThat(description.partitions().get(0).replicas()).as(name).hasSize(1);
		});
		ConfigResource click = new ConfigResource(ConfigResource.Type.TOPIC, "wechat.events.click");
		assertThat(this.admin.describeConfigs(List.of(click))
			.all()
			.get()
			.get(click)
			.get(TopicConfig.RETENTION_MS_CONFIG)
			.value()).isEqualTo("3600000");
	}

	@Test
	void shouldCreateTheJsonMirrorTopicsOnlyWhenTheMirrorIsOn() throws Exception {
		this.broker.createTopic(Topics.Names.WECHAT_EVENTS, 2);

		FanoutTopics off = FanoutTopics.ensure(this.kafkaAdmin, false);
		FanoutTopics on = FanoutTopics.ensure(this.kafkaAdmin, true);

		assertThat(off.created()).doesNotContainAnyElementsOf(Topics.jsonMirrorTopics());
		assertThat(on.created()).containsExactlyInAnyOrderElementsOf(Topics.jsonMirrorTopics());
		Map<String, TopicDescription> descriptions = await().atMost(TIMEOUT)
			.ignoreException(ExecutionException.class)
			.until(() -> this.admin.describeTopics(Topics.jsonMirrorTopics()).allTopicNames().get(), (all) -> true);
		assertThat(descriptions.values()).allSatisfy((description) -> assertThat(description.partitions()).hasSize(2));
	}

	@Test
	void shouldCreateNothingWhenEveryTopicExists() {
		this.broker.createTopic(Topics.Names.WECHAT_EVENTS, 2);
		FanoutTopics.ensure(this.kafkaAdmin);

		FanoutTopics again = FanoutTopics.ensure(this.kafkaAdmin);

		assertThat(again.created()).isEmpty();
		assertThat(again.partitions()).isEqualTo(2);
	}

	@Test
	void shouldRefuseToStartWithoutTheEventsTopic() throws Exception {
		assertThatExceptionOfType(StartupFailureException.class).isThrownBy(() -> FanoutTopics.ensure(this.kafkaAdmin))
			.withMessage("Topic wechat.events does not exist.")
			.satisfies((ex) -> assertThat(ex.action()).startsWith("Create it before starting the forwarder"));
		assertThat(this.admin.listTopics().names().get()).doesNotContainAnyElementsOf(FanoutTopics.targets());
	}

	@Test
	void shouldSayWhenTheClusterDoesNotAnswer() {
		String nobody = "127.0.0.1:" + TestSocketUtils.findAvailableTcpPort();
		KafkaAdmin unanswered = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, nobody,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				1000));
		unanswered.setOperationTimeout(1);
		assertThatExceptionOfType(StartupFailureException.class).isThrownBy(() -> FanoutTopics.ensure(unanswered))
			.withMessage("The Kafka cluster did not answer within 1 s.")
			.satisfies((ex) -> assertThat(ex.action()).contains("spring.kafka.bootstrap-servers"));
	}

}
