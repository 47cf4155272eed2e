package io.saoma.bench.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The peer endpoint: a Spring Boot MVC (Tomcat) application with WxJava, as WxJava's own
 * demo ({@code weixin-java-mp-demo}'s {@code WxPortalController}) wires it, started by
 * the bench beside the receiver. Tomcat keeps its defaults (200 threads, 8,192
 * connections, keep-alive); only the address and ports are set by the launcher.
 */
@SpringBootApplication
@EnableConfigurationProperties(PeerAccountProperties.class)
public class PeerApplication {

	public static void main(String[] args) {
		SpringApplication.run(PeerApplication.class, args);
	}

}
