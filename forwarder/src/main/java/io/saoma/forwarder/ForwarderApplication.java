package io.saoma.forwarder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The forwarder: relays scan and follow events to Authing without losing any, and fans
 * every event out to a topic per type for analytics.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ForwarderApplication {

	public static void main(String[] args) {
		SpringApplication.run(ForwarderApplication.class, args);
	}

}
