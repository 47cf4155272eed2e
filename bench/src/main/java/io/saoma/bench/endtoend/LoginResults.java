package io.saoma.bench.endtoend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.saoma.schemas.Topics;
import io.saoma.schemas.login.LoginOutcome;
import io.saoma.schemas.login.LoginResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads {@code wechat.logins} with {@code isolation.level=read_committed} (what a login
 * service sees: only committed transactions) on a thread of its own, from the start, and
 * marks each result on its {@link Login} when it arrives. Results of logins the run does
 * not know are counted.
 */
final class LoginResults implements AutoCloseable {

	private final Map<String, Login> logins = new ConcurrentHashMap<>();

	private final AtomicLong unknown = new AtomicLong();

	private final Thread thread;

	private volatile boolean running = true;

	LoginResults(String bootstrapServers) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		// the observer must not add its own wait: a fetch answers as soon as a commit
		// makes
		// records readable, and at the latest after 10 ms
		properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
		KafkaConsumer<String, LoginResult> consumer = new KafkaConsumer<>(properties,
				Topics.LOGINS.keys().deserializer(), Topics.LOGINS.values().deserializer());
		List<TopicPartition> partitions = consumer.partitionsFor(Topics.Names.LOGINS, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		this.thread = new Thread(() -> {
			try (consumer) {
				while (this.running) {
					for (ConsumerRecord<String, LoginResult> record : consumer.poll(Duration.ofMillis(50))) {
						long now = System.nanoTime();
						Login login = this.logins.get(record.key());
						if (login == null) {
							this.unknown.incrementAndGet();
						}
						else if (record.value().getOutcome() == LoginOutcome.SUCCEEDED) {
							login.succeededAt(now);
						}
						else {
							login.otherOutcome();
						}
					}
				}
			}
		}, "bench-login-results");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Watches a login's results from now on.
	 * @param login the login
	 */
	void watch(Login login) {
		this.logins.put(login.loginId(), login);
	}

	/**
	 * Results of logins nobody watched (none expected).
	 * @return how many
	 */
	long unknown() {
		return this.unknown.get();
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(5_000);
	}

}
