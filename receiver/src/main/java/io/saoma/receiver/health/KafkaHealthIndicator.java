package io.saoma.receiver.health;

import java.time.Duration;
import java.util.List;

import io.saoma.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Reports the broker as UP only when the cluster answers and {@link Topics#WECHAT_EVENTS}
 * exists, because without either every push would be answered 503.
 */
public class KafkaHealthIndicator implements ReactiveHealthIndicator {

	private final Admin admin;

	private final Duration timeout;

	public KafkaHealthIndicator(Admin admin, Duration timeout) {
		this.admin = admin;
		this.timeout = timeout;
	}

	@Override
	public Mono<Health> health() {
		int timeoutMs = (int) this.timeout.toMillis();
		DescribeClusterResult cluster = this.admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
		Mono<String> clusterId = Mono.fromFuture(cluster.clusterId().toCompletionStage().toCompletableFuture());
		Mono<Integer> nodes = Mono.fromFuture(cluster.nodes().toCompletionStage().toCompletableFuture())
			.map(java.util.Collection::size);
		Mono<TopicDescription> topic = Mono.fromFuture(this.admin
			.describeTopics(List.of(Topics.Names.WECHAT_EVENTS), new DescribeTopicsOptions().timeoutMs(timeoutMs))
			.topicNameValues()
			.get(Topics.Names.WECHAT_EVENTS)
			.toCompletionStage()
			.toCompletableFuture());
		return Mono.zip(clusterId, nodes, topic)
			.map((result) -> Health.up()
				.withDetail("clusterId", result.getT1())
				.withDetail("nodes", result.getT2())
				.withDetail("topic", Topics.Names.WECHAT_EVENTS)
				.withDetail("partitions", result.getT3().partitions().size())
				.build())
			.timeout(this.timeout.plusMillis(500))
			.onErrorResume((error) -> Mono.just(Health.down()
				.withDetail("topic", Topics.Names.WECHAT_EVENTS)
				.withDetail("error", describe(error))
				.build()));
	}

	private static String describe(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null && root != root.getCause()) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
