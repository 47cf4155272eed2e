package io.saoma.localstack.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The local stack's stand-ins and front: the WeChat platform (API and pushes), Authing's
 * events endpoint, a view of every topic, and the login page with a panel that scans its
 * QR code like a phone would.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SimulatorApplication {

	public static void main(String[] args) {
		SpringApplication.run(SimulatorApplication.class, args);
	}

}
