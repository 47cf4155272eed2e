package io.saoma.loginprocessor.confirm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.saoma.schemas.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Which logins were confirmed (or given up on) already, kept in the compacted topic
 * {@value Topics.Names#LOGIN_CONFIRMATIONS}, keyed by loginId. A thread of its own reads
 * the whole topic from the beginning into memory and follows it; before a login is
 * confirmed, {@link #find} first waits until everything written to the topic so far has
 * been read (the end offsets as of the question), so a marker written by another instance
 * (the partition's previous owner, a retry consumer) is seen. A marker is written, and
 * acknowledged by the broker, before the login's offset is committed.
 * <p>
 * Memory stays bounded: a marker older than {@code login.confirmation.max-age} is
 * forgotten, because a login decided before then is skipped as stale whatever its marker
 * says (a marker is never older than its login's decision).
 */
final class ConfirmationMarkers implements SmartLifecycle {

	static final String SENT = "sent";

	static final String DEAD_LETTERED = "dead-lettered";

	private static final Logger logger = LoggerFactory.getLogger(ConfirmationMarkers.class);

	/**
	 * How long the reader waits after a failure to read the topic before it tries again.
	 */
	static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

	private final Supplier<Consumer<String, String>> consumers;

	private final KafkaTemplate<String, String> template;

	private final Duration timeout;

	private final Duration keep;

	private final Clock clock;

	private final Map<String, Marker> markers = new ConcurrentHashMap<>();

	private final Queue<CompletableFuture<Void>> syncRequests = new ConcurrentLinkedQueue<>();

	private volatile CountDownLatch stopping = new CountDownLatch(1);

	private volatile boolean running;

	private volatile Consumer<String, String> consumer;

	private Thread thread;

	private long applied;

	/**
	 * Creates the markers.
	 * @param consumers creates the reader's consumer (no group, read_committed)
	 * @param template writes markers (acks=all)
	 * @param timeout how long a write or a catch-up may take
	 * @param keep how long a marker is kept in memory ({@code max-age})
	 * @param clock the clock
	 */
	ConfirmationMarkers(Supplier<Consumer<String, String>> consumers, KafkaTemplate<String, String> template,
			Duration timeout, Duration keep, Clock clock) {
		this.consumers = consumers;
		this.template = template;
		this.timeout = timeout;
		this.keep = keep.plusMinutes(1);
		this.clock = clock;
	}

	/**
	 * The marker of a login, once every marker written before this call has been read.
	 * @param loginId the login
	 * @return its marker's value ({@code sent}, {@code dead-lettered <reason>}), or
	 * {@code null} if it has none
	 * @throws ConfirmationFailure.Temporary if the topic cannot be read in time
	 */
	String find(String loginId) {
		CompletableFuture<Void> caughtUp = new CompletableFuture<>();
		this.syncRequests.add(caughtUp);
		Consumer<String, String> reader = this.consumer;
		if (reader != null) {
			reader.wakeup();
		}
		try {
			caughtUp.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			throw new ConfirmationFailure.Temporary("could not read " + Topics.Names.LOGIN_CONFIRMATIONS + " within "
					+ this.timeout.toMillis() + " ms (" + ex.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ConfirmationFailure.Temporary("interrupted while reading " + Topics.Names.LOGIN_CONFIRMATIONS);
		}
		Marker marker = this.markers.get(loginId);
		return (marker != null) ? marker.value() : null;
	}

	/**
	 * Writes a login's marker and waits until the broker acknowledged it.
	 * @param loginId the login
	 * @param value {@code sent} or {@code dead-lettered <reason>}
	 * @throws ConfirmationFailure.Temporary if it was not acknowledged in time
	 */
	void write(String loginId, String value) {
		try {
			this.template.send(Topics.Names.LOGIN_CONFIRMATIONS, loginId, value)
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.warn("Could not write the marker of login {} to {} ({}); the login is retried and may be confirmed"
					+ " twice", loginId, Topics.Names.LOGIN_CONFIRMATIONS, ex.toString());
			throw new ConfirmationFailure.Temporary("could not write the marker to " + Topics.Names.LOGIN_CONFIRMATIONS
					+ " within " + this.timeout.toMillis() + " ms (" + ex.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ConfirmationFailure.Temporary("interrupted while writing a marker");
		}
		this.markers.put(loginId, new Marker(value, this.clock.instant()));
	}

	private void run() {
		List<CompletableFuture<Void>> waiting = new ArrayList<>();
		Map<TopicPartition, Long> target = null;
		List<TopicPartition> partitions = List.of();
		while (this.running) {
			try {
				if (partitions.isEmpty()) {
					partitions = assign();
				}
				if (target == null) {
					for (CompletableFuture<Void> request; (request = this.syncRequests.poll()) != null;) {
						waiting.add(request);
					}
					if (!waiting.isEmpty()) {
						target = this.consumer.endOffsets(partitions, this.timeout);
					}
				}
				if (target != null && reached(target)) {
					waiting.forEach((request) -> request.complete(null));
					waiting.clear();
					target = null;
					continue;
				}
				apply(this.consumer.poll(Duration.ofMillis(500)));
			}
			catch (WakeupException ex) {
				// a new request: look at it
			}
			catch (RuntimeException ex) {
				logger.warn("Could not read {} ({}); trying again in a second", Topics.Names.LOGIN_CONFIRMATIONS,
						ex.toString());
				waiting.forEach((request) -> request.completeExceptionally(ex));
				waiting.clear();
				target = null;
				pause();
			}
		}
	}

	private List<TopicPartition> assign() {
		List<TopicPartition> partitions = this.consumer.partitionsFor(Topics.Names.LOGIN_CONFIRMATIONS, this.timeout)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		if (partitions.isEmpty()) {
			throw new IllegalStateException("the broker does not know the topic (yet)");
		}
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
		logger.info("Reading the login confirmations' markers from {} partitions of {}", partitions.size(),
				Topics.Names.LOGIN_CONFIRMATIONS);
		return partitions;
	}

	private boolean reached(Map<TopicPartition, Long> target) {
		for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
			if (this.consumer.position(end.getKey(), this.timeout) < end.getValue()) {
				return false;
			}
		}
		return true;
	}

	private void apply(ConsumerRecords<String, String> records) {
		for (ConsumerRecord<String, String> record : records) {
			if (record.key() == null) {
				continue;
			}
			if (record.value() == null) {
				this.markers.remove(record.key());
			}
			else {
				this.markers.put(record.key(), new Marker(record.value(), Instant.ofEpochMilli(record.timestamp())));
			}
			if (++this.applied % 1000 == 0) {
				forgetOld();
			}
		}
	}

	private void forgetOld() {
		Instant oldest = this.clock.instant().minus(this.keep);
		this.markers.values().removeIf((marker) -> marker.writtenAt().isBefore(oldest));
	}

	/**
	 * Waits before reading again after a failure, ended at once by {@link #stop()} so a
	 * shutdown does not wait for the pause.
	 */
	private void pause() {
		try {
			this.stopping.await(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** How many markers are in memory. */
	int size() {
		return this.markers.size();
	}

	@Override
	public void start() {
		this.stopping = new CountDownLatch(1);
		this.consumer = this.consumers.get();
		this.running = true;
		this.thread = new Thread(() -> {
			try {
				run();
			}
			finally {
				this.consumer.close(Duration.ofSeconds(5));
			}
		}, "login-confirmation-markers");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.stopping.countDown();
		Consumer<String, String> reader = this.consumer;
		if (reader != null) {
			reader.wakeup();
		}
		try {
			this.thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Before the listener containers start, after they stopped. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	private record Marker(String value, Instant writtenAt) {
	}

}
