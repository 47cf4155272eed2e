package io.saoma.testsupport.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * WARN-level logging configuration for the broker child JVM. SLF4J binds to logback on
 * the test classpath; a log4j2 file is written too because kafka-server drags log4j-core
 * along, so whichever backend a module ends up with stays quiet. Only the broker's start
 * and stop lines are kept at INFO so the log shows each incarnation.
 */
final class QuietLogging {

	private static final String LOGBACK = """
			<configuration>
			  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
				<encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
			  </appender>
			  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
			  <logger name="kafka.Kafka" level="INFO"/>
			  <root level="WARN"><appender-ref ref="STDOUT"/></root>
			</configuration>
			""";

	private static final String LOG4J2 = """
			appender.stdout.type = Console
			appender.stdout.name = STDOUT
			appender.stdout.layout.type = PatternLayout
			appender.stdout.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1.} - %m%n
			logger.raft.name = kafka.server.KafkaRaftServer
			logger.raft.level = INFO
			rootLogger.level = WARN
			rootLogger.appenderRef.stdout.ref = STDOUT
			""";

	private QuietLogging() {
	}

	/**
	 * Writes the configuration files into {@code dir} and returns the JVM options that
	 * select them.
	 */
	static List<String> writeTo(Path dir) {
		Path logback = dir.resolve("logback.xml");
		Path log4j2 = dir.resolve("log4j2.properties");
		try {
			Files.writeString(logback, LOGBACK);
			Files.writeString(log4j2, LOG4J2);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not write logging configuration into " + dir, e);
		}
		return List.of("-Dlogback.configurationFile=" + logback.toAbsolutePath(),
				"-Dlog4j2.configurationFile=" + log4j2.toAbsolutePath());
	}

}
