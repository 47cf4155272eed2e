package io.saoma.faults;

import java.time.Duration;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A WebClient whose pool holds as many connections as the scenario's browsers keep open
 * (an SSE stream holds its connection until the login is decided), instead of Reactor
 * Netty's default of a few per core.
 */
final class WebClients {

	private WebClients() {
	}

	static WebClient withPool(String name, int connections) {
		ConnectionProvider pool = ConnectionProvider.builder(name)
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(60))
			.build();
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool))).build();
	}

}
