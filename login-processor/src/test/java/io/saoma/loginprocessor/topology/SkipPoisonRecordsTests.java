package io.saoma.loginprocessor.topology;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SkipPoisonRecords} in a test-only topology whose processor throws on a crafted
 * record: the record is skipped and counted, and the records after it on the same
 * partition are processed.
 */
class SkipPoisonRecordsTests {

	private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private TopologyTestDriver driver;

	@AfterEach
	void tearDown() {
		if (this.driver != null) {
			this.driver.close();
		}
	}

	@Test
	void shouldSkipARecordWhoseProcessingThrowsAndProcessTheNext() throws Exception {
		StreamsBuilder builder = new StreamsBuilder();
		builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in-source"))
			.mapValues((value) -> {
				if (value.equals("poison")) {
					return Long.toString(Math.multiplyExact(Long.MAX_VALUE, 2));
				}
				return value.toUpperCase();
			}, Named.as("poisonable"))
			.to("out", Produced.with(Serdes.String(), Serdes.String()).withName("out-sink"));
		start(builder);
		TestInputTopic<String, String> in = this.driver.createInputTopic("in", new StringSerializer(),
				new StringSerializer());
		TestOutputTopic<String, String> out = this.driver.createOutputTopic("out", new StringDeserializer(),
				new StringDeserializer());

		in.pipeInput("k", "before");
		in.pipeInput("k", "poison");
		in.pipeInput("k", "after");

		assertThat(out.readValuesToList()).containsExactly("BEFORE", "AFTER");
		assertThat(this.registry.counter("login.poison", "processor", "poisonable").count()).isEqualTo(1);
	}

	@Test
	void shouldSkipARecordThatCannotBeSerializedOnItsWayOut() throws Exception {
		StreamsBuilder builder = new StreamsBuilder();
		builder.stream("in", Consumed.with(Serdes.String(), Serdes.Long()).withName("in-source"))
			.mapValues(SkipPoisonRecordsTests::result, Named.as("as-result"))
			.to("out", Produced.with(Serdes.String(), AvroSerdes.loginResult()).withName("out-sink"));
		start(builder);
		TestInputTopic<String, Long> in = this.driver.createInputTopic("in", new StringSerializer(),
				Serdes.Long().serializer());
		TestOutputTopic<String, LoginResult> out = this.driver.createOutputTopic("out", new StringDeserializer(),
				AvroSerdes.loginResult().deserializer());

		in.pipeInput("k", 10_000_000_000_000_000L);
		in.pipeInput("k", 1000L);

		assertThat(out.readValuesToList()).extracting(LoginResult::getScannedAt)
			.containsExactly(Instant.ofEpochSecond(1000));
		assertThat(this.registry.find("login.poison").counter().count()).isEqualTo(1);
	}

	private void start(StreamsBuilder builder) throws Exception {
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "skip-poison-records-tests");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("skip-poison").toString());
		SkipPoisonRecords.register(config, this.registry);
		this.driver = new TopologyTestDriver(builder.build(), config, START);
	}

	private static LoginResult result(long scannedAtSeconds) {
		return new LoginResult("login-1", "main", "wx", LoginOutcome.SUCCEEDED, "user-1", false, "scene-1", "TICKET-1",
				START, START, Instant.ofEpochSecond(scannedAtSeconds), START, "event-1", null);
	}

}
