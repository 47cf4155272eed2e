package io.saoma.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginResult;
import io.saoma.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The results on {@code wechat.logins} as a downstream consumer sees them
 * (read_committed), per login.
 */
final class LoginResults {

	private LoginResults() {
	}

	/**
	 * Reads the topic from the beginning until {@code atLeast} results arrived or 5 s
	 * passed.
	 * @param topics a reader of the broker
	 * @param atLeast how many results to wait for (ask for one more than expected to
	 * catch a duplicate)
	 * @return the results per login id
	 */
	static Map<String, List<LoginResult>> byLogin(TopicReader topics, int atLeast) {
		List<ConsumerRecord<String, LoginResult>> records = topics.readFromBeginning(Topics.Names.LOGINS, atLeast,
				Duration.ofSeconds(5), new StringDeserializer(), AvroSerdes.loginResult().deserializer());
		Map<String, List<LoginResult>> byLogin = new HashMap<>();
		records.stream()
			.filter((record) -> record.value() != null)
			.forEach((record) -> byLogin.computeIfAbsent(record.value().getLoginId(), (id) -> new ArrayList<>())
				.add(record.value()));
		return byLogin;
	}

}
