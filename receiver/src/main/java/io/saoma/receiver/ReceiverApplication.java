package io.saoma.receiver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The receiver: the WeChat server endpoint that verifies, decrypts and durably publishes
 * every push to Kafka.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReceiverApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReceiverApplication.class, args);
	}

}
