package io.saoma.localstack.simulator;

import java.time.Instant;
import java.util.List;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginFunnel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the page's topic view shows of a record.
 */
class TopicWatcherTests {

	@Test
	void shouldSummarizeAFunnelWindowByItsKeyAndCounts() {
		Instant start = Instant.parse("2026-12-01T08:00:00Z");
		LoginFunnel funnel = LoginFunnel.newBuilder()
			.setAccount("demo")
			.setWindowSize("1m")
			.setWindowStart(start)
			.setWindowEnd(start.plusSeconds(60))
			.setStarted(7)
			.setScanned(4)
			.setSucceeded(3)
			.setSucceededNewFollowers(3)
			.setSucceededExistingFollowers(0)
			.setExpired(1)
			.setRejected(1)
			.setTimeToScanCount(3)
			.setTimeToScanBuckets(List.of())
			.setTimeToScanBucketBoundsMillis(List.of())
			.build();
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.Names.LOGIN_FUNNEL, 0, 0,
				"demo/1m/2026-12-01T08:00:00Z", AvroSerdes.loginFunnel().encode(funnel));

		assertThat(TopicWatcher.summary(record))
			.isEqualTo("demo/1m/2026-12-01T08:00:00Z: started 7, scanned 4, succeeded 3, expired 1, rejected 1");
	}

}
