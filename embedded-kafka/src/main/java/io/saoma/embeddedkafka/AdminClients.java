package io.saoma.embeddedkafka;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates the short-lived admin clients the fixture uses; short timeouts keep a dead
 * broker from stalling a poll loop.
 */
final class AdminClients {

	private AdminClients() {
	}

	static Admin create(String bootstrapServers) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.CLIENT_ID_CONFIG, "test-support-admin", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
				AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500, AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG,
				500));
	}

}
