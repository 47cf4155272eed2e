package io.saoma.bench.forwarder;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import io.saoma.bench.Machine;
import io.saoma.bench.load.OpenLoopSchedule;
import io.saoma.embeddedkafka.InProcessKraftBroker;
import io.saoma.schemas.AvroSerdes;
import io.saoma.schemas.EventKeys;
import io.saoma.schemas.Topics;
import io.saoma.schemas.event.WechatEvent;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code ./bench.sh forwarder}: an in-process KRaft broker, the forwarder as a child JVM
 * with its real configuration, and a fake Authing ({@link FakeAuthing}). Two parts:
 * <ol>
 * <li>drain: {@code bench.events} login scans of {@code bench.users} users are written to
 * {@code wechat.events} before the forwarder starts; relays per second from the first
 * arrival at Authing to the last, the forwarder's CPU per relay, duplicates, missing
 * relays and arrivals out of a user's order;</li>
 * <li>added latency: login scans written open-loop at {@code bench.rate} per second for
 * {@code bench.seconds} (after {@code bench.warmup} s not measured); per relay, its
 * arrival at Authing minus its intended write time (so the producer's write, acks=all, is
 * included: its own figure is printed beside). The endpoint's delay is not in the figure:
 * it answers after the arrival is recorded.</li>
 * </ol>
 * Prints the machine first and a table at the end, also written to
 * {@code bench/target/forwarder-relay.md}. Other properties: {@code bench.delay-ms}
 * (Authing's answer time, 0), {@code bench.partitions} (of {@code wechat.events}, 3),
 * {@code bench.heap} (the forwarder's {@code -Xmx}, 256m), {@code bench.forwarder-args}
 * (more {@code --name=value} for the forwarder, space-separated), {@code bench.out}.
 */
public final class ForwarderUnderLoad {

	private ForwarderUnderLoad() {
	}

	public static void main(String[] args) throws Exception {
		int events = Integer.getInteger("bench.events", 100_000);
		int users = Integer.getInteger("bench.users", 10_000);
		int partitions = Integer.getInteger("bench.partitions", 3);
		Duration delay = Duration.ofMillis(Long.getLong("bench.delay-ms", 0));
		double rate = Double.parseDouble(System.getProperty("bench.rate", "1000"));
		double warmup = Double.parseDouble(System.getProperty("bench.warmup", "5"));
		double seconds = Double.parseDouble(System.getProperty("bench.seconds", "20"));
		String heap = System.getProperty("bench.heap", "256m");
		List<String> forwarderArgs = Arrays.stream(System.getProperty("bench.forwarder-args", "").split(" "))
			.filter((arg) -> !arg.isBlank())
			.toList();
		List<String> forwarderJvm = Arrays.stream(System.getProperty("bench.forwarder-jvm", "").split(" "))
			.filter((arg) -> !arg.isBlank())
			.toList();
		Path out = Path.of(System.getProperty("bench.out", "bench/target"));
		Files.createDirectories(out);
		Machine.quietLogs();
		StringBuilder report = new StringBuilder(Machine.describe("bench"));
		report.append(String.format(Locale.ROOT,
				"settings: forwarder child JVM -Xmx%s %s, in-process KRaft broker (1 node, %s %d partitions),"
						+ " fake Authing answering after %d ms; drain %,d login scans of %,d users;"
						+ " latency at %,.0f/s for %.0f s after %.0f s%n",
				heap, String.join(" ", forwarderArgs), Topics.Names.WECHAT_EVENTS, partitions, delay.toMillis(), events,
				users, rate, seconds, warmup));
		System.out.print(report);
		RelayLedger ledger = new RelayLedger();
		List<String> rows = new ArrayList<>();
		try (InProcessKraftBroker broker = InProcessKraftBroker.start();
				FakeAuthing authing = new FakeAuthing(ledger, delay);
				KafkaProducer<String, WechatEvent> producer = producer(broker.bootstrapServers())) {
			broker.createTopic(Topics.Names.WECHAT_EVENTS, partitions);
			long[] sequences = new long[users];
			for (int i = 0; i < events; i++) {
				send(producer, ledger, i % users, sequences, System.nanoTime());
			}
			producer.flush();
			System.out.printf(Locale.ROOT, "%,d login scans written; starting the forwarder%n", events);
			try (ForwarderProcess forwarder = ForwarderProcess.start(broker.bootstrapServers(), authing.eventsUrl(),
					heap, forwarderJvm, forwarderArgs, out.resolve("forwarder.log"))) {
				long cpuAtStart = forwarder.cpuMillis();
				long benchCpuAtStart = benchCpuNanos();
				boolean drained = await(() -> ledger.arrived() >= events, Duration.ofSeconds(180));
				long cpu = forwarder.cpuMillis() - cpuAtStart;
				long benchCpu = benchCpuNanos() - benchCpuAtStart;
				double drainSeconds = (ledger.lastArrivalNanos() - ledger.firstArrivalNanos()) / 1e9;
				Map<String, Integer> threads = forwarder.threads();
				rows.add(String.format(Locale.ROOT,
						"| drain | %,d of %,d relayed%s | %,.0f relays/s | %.0f µs | %.0f µs |", ledger.arrived(),
						events, drained ? "" : " (gave up after 180 s)",
						ledger.arrived() / Math.max(drainSeconds, 1e-9), cpu * 1000.0 / Math.max(1, ledger.arrived()),
						benchCpu / 1000.0 / Math.max(1, ledger.arrived())));
				System.out.println(rows.get(0));
				String threadLine = String.format(Locale.ROOT, "forwarder threads after the drain: %d (%s)",
						threads.values().stream().mapToInt(Integer::intValue).sum(),
						threads.entrySet()
							.stream()
							.filter((entry) -> entry.getValue() > 1)
							.map((entry) -> entry.getKey() + " ×" + entry.getValue())
							.collect(Collectors.joining(", ")));
				System.out.println(threadLine);
				String latency = latency(producer, ledger, users, sequences, rate, warmup, seconds);
				System.out.println(latency);
				report.append('\n')
					.append("| part | relays | rate | forwarder CPU per relay | bench JVM CPU per relay (broker, fake Authing) |\n|---|---|---|---|---|\n")
					.append(rows.get(0))
					.append('\n')
					.append('\n')
					.append(threadLine)
					.append('\n')
					.append(latency)
					.append(String.format(Locale.ROOT,
							"%nchecks: duplicates %d, missing %d, out of a user's order %d, unknown %d%n",
							ledger.duplicates(), ledger.missing(), ledger.outOfOrder(), ledger.unknown()));
			}
		}
		report.append(String.format(Locale.ROOT, "load average after the run: %.2f%n",
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
		System.out.println();
		System.out.print(report);
		Files.writeString(out.resolve("forwarder-relay.md"), report.toString());
		System.out.println("written to " + out.resolve("forwarder-relay.md"));
	}

	/**
	 * The CPU time of this JVM: the in-process broker, the fake Authing, the producer.
	 */
	private static long benchCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static String latency(KafkaProducer<String, WechatEvent> producer, RelayLedger ledger, int users,
			long[] sequences, double rate, double warmup, double seconds) {
		Histogram added = new Histogram(60_000_000_000L, 3);
		Histogram acks = new Histogram(60_000_000_000L, 3);
		ledger.restartClock();
		OpenLoopSchedule warm = new OpenLoopSchedule(System.nanoTime(), rate);
		long warmCount = warm.requests(warmup);
		OpenLoopSchedule schedule = new OpenLoopSchedule(warm.intendedNanos(warmCount), rate);
		long measuredStart = schedule.startNanos();
		ledger.onArrival((sent, nanos) -> {
			if (sent.sentNanos() >= measuredStart) {
				synchronized (added) {
					added.recordValue(Math.max(0, nanos - sent.sentNanos()));
				}
			}
		});
		long total = warmCount + schedule.requests(seconds);
		for (long i = 0; i < total; i++) {
			long intended = warm.intendedNanos(i);
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			boolean measured = i >= warmCount;
			send(producer, ledger, (int) (i % users), sequences, intended, (metadata, ex) -> {
				if (measured && ex == null) {
					synchronized (acks) {
						acks.recordValue(Math.max(0, System.nanoTime() - intended));
					}
				}
			});
		}
		producer.flush();
		long expected = total;
		boolean all = await(() -> ledger.arrived() >= expected, Duration.ofSeconds(60));
		synchronized (added) {
			return String.format(Locale.ROOT,
					"%n| added latency at %,.0f/s | relays | p50 | p99 | p99.9 | max | producer write p50 / p99 |%n"
							+ "|---|---|---|---|---|---|---|%n| write → arrival at Authing | %,d%s | %.1f ms | %.1f ms"
							+ " | %.1f ms | %.1f ms | %.1f / %.1f ms |%n",
					rate, added.getTotalCount(), all ? "" : " (not all arrived in 60 s)", ms(added, 50), ms(added, 99),
					ms(added, 99.9), added.getMaxValue() / 1e6, ms(acks, 50), ms(acks, 99));
		}
	}

	private static double ms(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile) / 1e6;
	}

	private static void send(KafkaProducer<String, WechatEvent> producer, RelayLedger ledger, int user,
			long[] sequences, long sentNanos) {
		send(producer, ledger, user, sequences, sentNanos, null);
	}

	private static void send(KafkaProducer<String, WechatEvent> producer, RelayLedger ledger, int user,
			long[] sequences, long sentNanos, org.apache.kafka.clients.producer.Callback callback) {
		String openId = LoginScans.openId(user);
		long sequence = sequences[user]++;
		WechatEvent event = LoginScans.scan(openId, sequence);
		ledger.sent(event.getEventId(), openId, sequence, sentNanos);
		producer.send(new ProducerRecord<>(Topics.Names.WECHAT_EVENTS, EventKeys.of(event.getAppId(), openId), event),
				callback);
	}

	private static KafkaProducer<String, WechatEvent> producer(String bootstrapServers) {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		return new KafkaProducer<>(config, new StringSerializer(), AvroSerdes.wechatEvent().serializer());
	}

	private static boolean await(java.util.concurrent.Callable<Boolean> condition, Duration atMost) {
		try {
			Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(condition);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

}
