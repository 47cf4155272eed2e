package io.saoma.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.saoma.schemas.EventKeys;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.events.TestEvents;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as {@code ./saoma} runs it, in its own process: it prints the records
 * of a following tail and Ctrl-C (SIGINT) ends it cleanly, without a stack trace.
 */
class TailProcessIT {

	private static final Path JAR = Path.of("target", "saoma-cli.jar");

	private static final String TOPIC = "wechat.events.scan";

	private static EmbeddedKraftBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = EmbeddedKraftBroker.start();
		broker.createTopics(Map.of(TOPIC, 1));
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void shouldPrintFollowedRecordsAndEndCleanlyOnCtrlC() throws Exception {
		assertThat(JAR).as("the shaded jar (mvn package)").exists();
		WechatEvent scan = TestEvents.scan("scene-p", "TICKET-P").build();
		try (KafkaProducer<byte[], byte[]> producer = producer()) {
			producer
				.send(new ProducerRecord<>(TOPIC, 0, Instant.now().toEpochMilli(),
						EventKeys.of(scan.getAppId(), scan.getFromUserName()).getBytes(StandardCharsets.UTF_8),
						TailRecords.wechatEventCurrent(scan)))
				.get(30, TimeUnit.SECONDS);
		}
		Path err = Files.createTempFile("saoma-tail", ".err");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				JAR.toString(), "tail", TOPIC, "--follow", "--bootstrap-server", broker.bootstrapServers())
			.redirectError(err.toFile())
			.start();
		try {
			StringBuffer out = new StringBuffer();
			CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> copy(process.getInputStream(), out));
			await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains(scan.getEventId()));
			assertThat(process.isAlive()).isTrue();
			Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
			assertThat(interrupt.waitFor(10, TimeUnit.SECONDS)).isTrue();
			assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("ended after Ctrl-C").isTrue();
			reader.get(5, TimeUnit.SECONDS);
			assertThat(process.exitValue()).isEqualTo(130);
			assertThat(out.toString().lines()).hasSize(1).first().asString().startsWith("{\"topic\":\"" + TOPIC + "\"");
			assertThat(Files.readString(err)).doesNotContain("Exception").doesNotContain("\tat ");
		}
		finally {
			process.destroyForcibly();
			Files.deleteIfExists(err);
		}
	}

	private static void copy(InputStream in, StringBuffer out) {
		try (in) {
			byte[] buffer = new byte[8192];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				out.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static KafkaProducer<byte[], byte[]> producer() {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

}
