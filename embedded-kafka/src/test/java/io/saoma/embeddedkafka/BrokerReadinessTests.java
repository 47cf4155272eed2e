package io.saoma.embeddedkafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.util.TestSocketUtils;

class BrokerReadinessTests {

	@TempDir
	Path dir;

	@Test
	void shouldNameBrokerLogWhenProcessExitsBeforeBecomingReady() throws IOException, InterruptedException {
		BrokerWorkDir workDir = new BrokerWorkDir(dir);
		Files.writeString(workDir.logFile(), "Exiting Kafka due to fatal exception\n");
		Process exited = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-version")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		exited.waitFor();
		int port = TestSocketUtils.findAvailableTcpPort();

		assertThatThrownBy(() -> BrokerReadiness.await("127.0.0.1:" + port, 1, exited, workDir, Duration.ofSeconds(10)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("exited with code 0")
			.hasMessageContaining(workDir.logFile().toString())
			.hasMessageContaining("Exiting Kafka due to fatal exception");
	}

}
