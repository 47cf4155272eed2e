package io.saoma.common;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.saoma.embeddedkafka.InProcessKraftBroker;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeclaredTopicsTests {

	private static InProcessKraftBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = InProcessKraftBroker.start();
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@Test
	void shouldStartAtOnceWhenEveryDeclaredTopicIsKnown() {
		broker.createTopic("declared.known", 2);
		DeclaredTopics topics = new DeclaredTopics(admin(30), List.of("declared.known"));

		topics.start();

		assertThat(topics.isRunning()).isTrue();
	}

	@Test
	void shouldStopTheStartNamingTheTopicsTheClusterDoesNotKnow() {
		broker.createTopic("declared.there", 1);
		DeclaredTopics topics = new DeclaredTopics(admin(1),
				List.of("declared.there", "declared.missing-b", "declared.missing-a"));

		assertThatExceptionOfType(StartupFailureException.class).isThrownBy(topics::start)
			.withMessageContaining("[declared.missing-a, declared.missing-b]")
			.withMessageNotContaining("declared.there")
			.satisfies((ex) -> assertThat(ex.action()).contains("spring.kafka.admin.auto-create"));
		assertThat(topics.isRunning()).isFalse();
	}

	@Test
	void shouldWaitForATopicThatAppearsWhileItWaits() throws Exception {
		DeclaredTopics topics = new DeclaredTopics(admin(30), List.of("declared.later"));
		CompletableFuture<Void> started = CompletableFuture.runAsync(topics::start);

		broker.createTopic("declared.later", 1);

		started.get(30, TimeUnit.SECONDS);
		assertThat(topics.isRunning()).isTrue();
	}

	@Test
	void shouldStopTheStartWhenTheClusterDoesNotAnswer() {
		KafkaAdmin unreachable = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
				AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
		unreachable.setOperationTimeout(1);
		DeclaredTopics topics = new DeclaredTopics(unreachable, List.of("declared.known"));

		assertThatExceptionOfType(StartupFailureException.class).isThrownBy(topics::start)
			.withMessageContaining("Cannot describe topics [declared.known]")
			.satisfies((ex) -> assertThat(ex.action()).contains("spring.kafka.bootstrap-servers"));
	}

	@Test
	void shouldWaitForTheTopicsDeclaredAsBeansAndTheOthersGiven() {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("markers", new NewTopic("declared.markers", Optional.empty(), Optional.empty()));
		beans.addBean("retry", new NewTopic("declared.retry-0", Optional.empty(), Optional.empty()));

		DeclaredTopics topics = DeclaredTopics.of(admin(30), beans.getBeanProvider(NewTopic.class),
				List.of("declared.waiting-main"));

		assertThat(topics.names()).containsExactlyInAnyOrder("declared.markers", "declared.retry-0",
				"declared.waiting-main");
	}

	@Test
	void shouldStartBeforeKafkaStreamsAndTheListenerContainers() {
		DeclaredTopics topics = new DeclaredTopics(admin(30), List.of());

		// StreamsBuilderFactoryBean starts in Integer.MAX_VALUE - 1000
		assertThat(topics.getPhase()).isLessThan(Integer.MAX_VALUE - 1000)
			.isLessThan(AbstractMessageListenerContainer.DEFAULT_PHASE);
		topics.start();
		assertThat(topics.isRunning()).isTrue();
	}

	private static KafkaAdmin admin(int operationTimeoutSeconds) {
		KafkaAdmin admin = new KafkaAdmin(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
		admin.setOperationTimeout(operationTimeoutSeconds);
		return admin;
	}

}
