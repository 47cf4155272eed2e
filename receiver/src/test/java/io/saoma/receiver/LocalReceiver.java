package io.saoma.receiver;

import io.saoma.schemas.Topics;
import io.saoma.testsupport.kafka.EmbeddedKraftBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;

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
		Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-shutdown"));
		logger.info("Embedded Kafka broker at {} with topic {}", broker.bootstrapServers(), Topics.WECHAT_EVENTS);
		SpringApplication application = new SpringApplication(ReceiverApplication.class);
		application.setAdditionalProfiles("local");
		application.run(withDefault(args, "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers()));
	}

	private static String[] withDefault(String[] args, String argument) {
		String[] all = new String[args.length + 1];
		all[0] = argument;
		System.arraycopy(args, 0, all, 1, args.length);
		return all;
	}

}
