package io.saoma.receiver;

import java.util.concurrent.atomic.AtomicBoolean;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the receiver on an in-process Kafka broker with the demo account of profile {@code local}: what
 * {@code ./run-local.sh} starts. No Docker, no external broker.
 */
public final class LocalReceiver {

	private static final Logger logger = LoggerFactory.getLogger(LocalReceiver.class);

	private LocalReceiver() {
	}

	public static void main(String[] args) {
		EmbeddedKraftBroker broker = EmbeddedKraftBroker.start();
		broker.createTopic(Topics.WECHAT_EVENTS, 3);
		logger.info("Embedded Kafka broker at {} with topic {}", broker.bootstrapServers(), Topics.WECHAT_EVENTS);
		SpringApplication application = new SpringApplication(ReceiverApplication.class);
		application.setAdditionalProfiles("local");
		application.setRegisterShutdownHook(false);
		ConfigurableApplicationContext context = application
			.run(withDefault(args, "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers()));
		// Ctrl-C and SIGTERM stop the application first (its producer flushes), then the broker, and only then let
		// the JVM exit: the broker's test kit deletes its log directories in a JVM shutdown hook.
		AtomicBoolean stopping = new AtomicBoolean();
		SignalHandler stop = (signal) -> {
			if (stopping.compareAndSet(false, true)) {
				logger.info("Stopping on SIG{}", signal.getName());
				context.close();
				broker.close();
				System.exit(0);
			}
		};
		Signal.handle(new Signal("INT"), stop);
		Signal.handle(new Signal("TERM"), stop);
	}

	private static String[] withDefault(String[] args, String argument) {
		String[] all = new String[args.length + 1];
		all[0] = argument;
		System.arraycopy(args, 0, all, 1, args.length);
		return all;
	}

}
