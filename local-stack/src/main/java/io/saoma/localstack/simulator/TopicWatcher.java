package io.saoma.localstack.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Pattern;

import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.schemas.login.LoginFunnel;
import io.saoma.schemas.login.LoginResult;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.QrTicket;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.DisposableBean;

/**
 * Watches every {@code wechat.*} topic from the moment the stack starts and keeps a
 * one-line summary of the latest records of each, so a person can watch the pipeline work
 * (committed records only), and passes on every login result as it is decided.
 */
public class TopicWatcher implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(TopicWatcher.class);

	private static final int KEPT = 5;

	private final Map<String, Deque<String>> recent = new ConcurrentHashMap<>();

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	private static final Duration RESULTS_KEPT = Duration.ofMinutes(1);

	private final Sinks.Many<LoginResult> results = Sinks.many().replay().limit(RESULTS_KEPT);

	private final KafkaConsumer<String, byte[]> consumer;

	private final Thread thread;

	public TopicWatcher(String bootstrapServers) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "saoma-local-watcher-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000");
		this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
		this.thread = new Thread(this::run, "topic-watcher");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * The summary of every topic seen so far.
	 * @return per topic its record count and latest summaries, newest first
	 */
	public Map<String, TopicView> topics() {
		Map<String, TopicView> topics = new TreeMap<>();
		this.counts.forEach((topic, count) -> topics.put(topic,
				new TopicView(count, new ArrayList<>(this.recent.getOrDefault(topic, new ConcurrentLinkedDeque<>())))));
		return topics;
	}

	/**
	 * The login results of {@code wechat.logins}: those read in the last minute, then
	 * each one as it is read, so a result published before the subscription is not
	 * missed.
	 * @return the results, in the order they were read
	 */
	public Flux<LoginResult> loginResults() {
		return this.results.asFlux();
	}

	private void run() {
		try {
			this.consumer.subscribe(Pattern.compile("wechat\\..*"));
			while (true) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(500))) {
					this.counts.merge(record.topic(), 1L, Long::sum);
					publish(record);
					Deque<String> lines = this.recent.computeIfAbsent(record.topic(),
							(topic) -> new ConcurrentLinkedDeque<>());
					lines.addFirst(summary(record));
					while (lines.size() > KEPT) {
						lines.pollLast();
					}
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (RuntimeException ex) {
			logger.warn("The topic view stopped: {}", ex.toString());
		}
		finally {
			this.consumer.close();
		}
	}

	private void publish(ConsumerRecord<String, byte[]> record) {
		if (record.topic().equals(Topics.Names.LOGINS) && record.value() != null) {
			try {
				this.results.tryEmitNext(AvroSerdes.loginResult().decode(record.value()));
			}
			catch (RuntimeException ex) {
				logger.debug("Not a login result: {}", ex.toString());
			}
		}
	}

	static String summary(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null) {
			return record.key() + " → (tombstone)";
		}
		try {
			if (record.topic().equals(Topics.Names.QR_TICKETS)) {
				QrTicket ticket = AvroSerdes.qrTicket().decode(record.value());
				return "ticket of login " + abbreviate(ticket.getLoginId()) + ", scene "
						+ abbreviate(ticket.getScene());
			}
			if (record.topic().equals(Topics.Names.LOGINS)) {
				LoginResult result = AvroSerdes.loginResult().decode(record.value());
				return result.getOutcome() + " login " + abbreviate(result.getLoginId())
						+ ((result.getOpenId() != null) ? " by " + abbreviate(result.getOpenId()) : "")
						+ ((result.getReason() != null) ? " (" + result.getReason() + ")" : "");
			}
			if (record.topic().equals(Topics.Names.LOGIN_STATUS)) {
				LoginStatus status = AvroSerdes.loginStatus().decode(record.value());
				return status.getState() + " login " + abbreviate(status.getLoginId());
			}
			if (record.topic().equals(Topics.Names.LOGIN_FUNNEL)) {
				LoginFunnel funnel = AvroSerdes.loginFunnel().decode(record.value());
				return record.key() + ": started " + funnel.getStarted() + ", scanned " + funnel.getScanned()
						+ ", succeeded " + funnel.getSucceeded() + ", expired " + funnel.getExpired() + ", rejected "
						+ funnel.getRejected();
			}
			if (record.topic().startsWith("wechat.events") || record.topic().startsWith("wechat.messages")) {
				WechatEvent event = AvroSerdes.wechatEvent().decode(record.value());
				return event.getMsgType() + ((event.getEvent() != null) ? " " + event.getEvent() : "") + " from "
						+ abbreviate(event.getFromUserName())
						+ ((event.getEventKey() != null) ? ", EventKey " + abbreviate(event.getEventKey()) : "") + " ("
						+ event.getEncryption() + ")";
			}
		}
		catch (RuntimeException ex) {
			return record.value().length + " bytes (not decodable)";
		}
		return record.value().length + " bytes";
	}

	private static String abbreviate(String value) {
		return (value.length() <= 14) ? value : value.substring(0, 10) + "…";
	}

	@Override
	public void destroy() throws InterruptedException {
		this.results.tryEmitComplete();
		this.consumer.wakeup();
		this.thread.join(5000);
	}

	/**
	 * @param count records seen
	 * @param recent latest summaries, newest first
	 */
	public record TopicView(long count, List<String> recent) {
	}

}
