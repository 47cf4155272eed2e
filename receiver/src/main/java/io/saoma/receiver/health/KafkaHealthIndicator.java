package io.saoma.receiver.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.saoma.schemas.Topics;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Reports the broker as UP only when the cluster answers and {@link Topics#WECHAT_EVENTS}
 * exists ({@link KafkaAdmin#describeTopics}), because without either every push would be
 * answered 503. Each check is bounded by the timeout: the admin client's requests and
 * calls end within it, so no check outlives it while the broker is away.
 */
public class KafkaHealthIndicator implements ReactiveHealthIndicator {

	private final KafkaAdmin admin;

	private final Duration timeout;

	/**
	 * @param kafkaAdmin the application's admin settings ({@code spring.kafka.admin.*}),
	 * copied with the timeout
	 * @param timeout how long a check may take, at least a second
	 */
	public KafkaHealthIndicator(KafkaAdmin kafkaAdmin, Duration timeout) {
		Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		this.admin = new KafkaAdmin(config);
		this.admin.setOperationTimeout((int) Math.max(1, timeout.toSeconds()));
		this.timeout = timeout;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromCallable(this::describe)
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.timeout.plusMillis(500))
			.onErrorResume((error) -> Mono.just(Health.down()
				.withDetail("topic", Topics.Names.WECHAT_EVENTS)
				.withDetail("error", describe(error))
				.build()));
	}

	private Health describe() {
		TopicDescription topic = this.admin.describeTopics(Topics.Names.WECHAT_EVENTS).get(Topics.Names.WECHAT_EVENTS);
		Health.Builder health = Health.up()
			.withDetail("topic", Topics.Names.WECHAT_EVENTS)
			.withDetail("partitions", topic.partitions().size());
		// asked once, then remembered by KafkaAdmin
		String clusterId = this.admin.clusterId();
		return (clusterId != null) ? health.withDetail("clusterId", clusterId).build() : health.build();
	}

	private static String describe(Throwable error) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(error);
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
