package io.saoma.loginprocessor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The login processor: issues QR tickets through the WeChat API, matches scans to them
 * exactly once in Kafka Streams and tells the browser.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LoginProcessorApplication {

	public static void main(String[] args) {
		SpringApplication.run(LoginProcessorApplication.class, args);
	}

}
