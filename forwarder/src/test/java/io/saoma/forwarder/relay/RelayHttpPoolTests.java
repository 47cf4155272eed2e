package io.saoma.forwarder.relay;

import java.time.Duration;
import java.util.Map;

import io.saoma.forwarder.relay.ForwarderProperties.Account;
import io.saoma.forwarder.relay.ForwarderProperties.Events;
import io.saoma.forwarder.relay.ForwarderProperties.Format;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

class RelayHttpPoolTests {

	@Test
	void shouldCountOneRetryTopicPerDistinctBackOffDelay() {
		// 1 2 4 8 16 32 64 128 256 s: nine retries, nine topics
		assertThat(RelayHttpPool.retryTopics(RelayTestProperties.RETRY)).isEqualTo(9);
		// 1 2 4 4 4: the delays capped at 4 s share one topic
		assertThat(RelayHttpPool
			.retryTopics(new ForwarderProperties.Retry(6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(4), 3)))
			.isEqualTo(3);
		assertThat(RelayHttpPool
			.retryTopics(new ForwarderProperties.Retry(1, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(4), 3)))
			.isZero();
	}

	@Test
	void shouldHoldAConnectionForEveryRelayThatMayBeInFlight() {
		ForwarderProperties properties = RelayTestProperties
			.of(Map.of("a", new Account("https://a.example/events", Format.AUTHING_DEMO, Events.LOGIN), "b",
					new Account("https://b.example/events", Format.AUTHING_DEMO, Events.LOGIN)));
		// the relays in flight of the main and retry topics, a waiting consumer per
		// account, the re-drive
		assertThat(RelayHttpPool.callers(properties)).isEqualTo(64 + 2 + 1);
		ConnectionProvider pool = RelayHttpPool.create(properties);
		try {
			assertThat(pool.maxConnections()).isEqualTo(67);
		}
		finally {
			pool.disposeLater().block(Duration.ofSeconds(5));
		}
	}

	@Test
	void shouldTakeAConfiguredPoolSize() {
		ConnectionProvider pool = RelayHttpPool.create(RelayTestProperties.withPool(new ForwarderProperties.Pool(7, 0,
				Duration.ZERO, Duration.ofSeconds(20), Duration.ofMinutes(10), Duration.ofSeconds(10))));
		try {
			assertThat(pool.maxConnections()).isEqualTo(7);
		}
		finally {
			pool.disposeLater().block(Duration.ofSeconds(5));
		}
	}

}
