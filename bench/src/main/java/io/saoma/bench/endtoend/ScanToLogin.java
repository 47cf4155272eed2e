package io.saoma.bench.endtoend;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.saoma.bench.Machine;
import io.saoma.bench.load.ReceiverProcess;
import io.saoma.embeddedkafka.InProcessKraftBroker;
import io.saoma.schemas.Topics;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import reactor.core.Disposable;

/**
 * {@code ./bench.sh login}: scan → login, end to end. An in-process KRaft broker, the
 * receiver and the login processor as child JVMs (their real configuration; the login
 * processor exactly_once_v2), a fake WeChat API; then steps of scans at fixed rates. Per
 * step: the logins are started through the API first (as the page does, with a PKCE
 * challenge), a sample of them watched over SSE, then each login's SCAN push is sent
 * through the receiver at its intended time, and scan due → {@code SUCCEEDED} is measured
 * on {@code wechat.logins} (read_committed) and over SSE. Every login must be decided
 * exactly once.
 * <p>
 * The first step starts right after the processes are ready: it is the cold start. System
 * properties: {@code bench.steps} ({@code name:rate:seconds,...}, default
 * {@value #DEFAULT_STEPS}), {@code bench.sse-sample} (SSE streams per step, default 100),
 * {@code bench.login-heap} ({@code 512m}: docker-compose's 1 GB limit at 50 %),
 * {@code bench.receiver-heap} ({@code 256m}), {@code bench.login-jvm} and
 * {@code bench.receiver-jvm} (more JVM options, space-separated: an AOT cache),
 * {@code bench.login-args} (more login processor arguments, space-separated:
 * {@code --spring.kafka.streams.properties.poll.ms=10}), {@code bench.out}
 * ({@code bench/target}).
 */
public final class ScanToLogin {

	static final String DEFAULT_STEPS = "cold:200:30,lone:2:30,100/s:100:15,1000/s:1000:15,capacity:5000:6";

	private ScanToLogin() {
	}

	public static void main(String[] args) throws Exception {
		Machine.quietLogs();
		// a bench stopped early (timeout, Ctrl-C) leaves no child JVM behind
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> ProcessHandle.current().children().forEach(ProcessHandle::destroy)));
		List<Step> steps = Step.parse(System.getProperty("bench.steps", DEFAULT_STEPS));
		int sseSample = Integer.getInteger("bench.sse-sample", 100);
		String loginHeap = System.getProperty("bench.login-heap", "512m");
		String receiverHeap = System.getProperty("bench.receiver-heap", "256m");
		List<String> loginJvm = words(System.getProperty("bench.login-jvm", ""));
		List<String> receiverJvm = words(System.getProperty("bench.receiver-jvm", ""));
		List<String> loginArgs = words(System.getProperty("bench.login-args", ""));
		Path out = Path.of(System.getProperty("bench.out", "bench/target"));
		Files.createDirectories(out);
		StringBuilder report = new StringBuilder();
		report.append(Machine.describe("bench"));
		report.append(String.format(Locale.ROOT,
				"settings: in-process KRaft broker (1 node); receiver child JVM -Xmx%s %s; login processor child JVM"
						+ " -Xmx%s %s %s (exactly_once_v2, its yml); steps %s; SSE sample ≤ %d per step%n",
				receiverHeap, String.join(" ", receiverJvm), loginHeap, String.join(" ", loginJvm),
				String.join(" ", loginArgs), steps, sseSample));
		System.out.print(report);
		List<StepFigures> figures = new ArrayList<>();
		List<Login> all = new ArrayList<>();
		try (InProcessKraftBroker broker = InProcessKraftBroker.start(); FakeWechatApi wechat = FakeWechatApi.start()) {
			broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
			broker.createCompactedTopic(Topics.Names.QR_TICKETS, 6);
			broker.createCompactedTopic(Topics.Names.LOGIN_STATUS, 6);
			broker.createTopic(Topics.Names.LOGINS, 6);
			broker.createTopic(Topics.Names.LOGIN_PROCESSOR_DLT, 1);
			CompletableFuture<ReceiverProcess> receiverStart = CompletableFuture.supplyAsync(() -> {
				try {
					return ReceiverProcess.start(broker.bootstrapServers(), receiverHeap, receiverJvm,
							out.resolve("e2e-receiver.log"));
				}
				catch (IOException | InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			});
			try (LoginProcessorProcess processor = LoginProcessorProcess.start(broker.bootstrapServers(),
					wechat.baseUrl(), loginHeap, loginJvm, loginArgs, out.resolve("e2e-login-processor.log"));
					ReceiverProcess receiver = receiverStart.get(150, TimeUnit.SECONDS);
					LoginResults results = new LoginResults(broker.bootstrapServers());
					LoginApi api = new LoginApi(processor.baseUrl(), 64, sseSample + 16);
					ScanSender sender = new ScanSender(receiver.baseUrl(), 64)) {
				long ready = System.nanoTime();
				String started = String.format(Locale.ROOT,
						"login processor (pid %d): process start → Kafka Streams RUNNING in %.1f s; receiver pid %d%n",
						processor.pid(), processor.secondsToReady(), receiver.pid());
				System.out.print(started);
				report.append(started);
				ScanPushes scans = new ScanPushes();
				for (Step step : steps) {
					StepFigures result = run(step, ready, api, scans, wechat, results, sender, sseSample, processor,
							receiver.pid(), all);
					figures.add(result);
					System.out.println(StepFigures.header().lines().findFirst().orElseThrow());
					System.out.println(result.row());
				}
				long duplicates = all.stream().filter((login) -> login.succeededCount() > 1).count();
				long missing = all.stream()
					.filter((login) -> login.isAcknowledged() && login.succeededCount() == 0)
					.count();
				long unacknowledged = all.stream().filter((login) -> !login.isAcknowledged()).count();
				report.append('\n').append(StepFigures.header()).append('\n');
				figures.forEach((figure) -> report.append(figure.row()).append('\n'));
				report.append(String.format(Locale.ROOT,
						"%nwhole run: %,d logins, %,d scans not acknowledged, %,d acknowledged but missing, %,d decided more than once, %,d results of unknown logins;"
								+ " login processor CPU %.0f s; load average after the run %.2f%n",
						all.size(), unacknowledged, missing, duplicates, results.unknown(), processor.cpuSeconds(),
						ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
			}
		}
		System.out.println();
		System.out.print(report);
		Path file = out.resolve("scan-to-login.md");
		Files.writeString(file, report.toString());
		System.out.println("written to " + file);
	}

	private static StepFigures run(Step step, long ready, LoginApi api, ScanPushes scans, FakeWechatApi wechat,
			LoginResults results, ScanSender sender, int sseSample, LoginProcessorProcess processor, long receiverPid,
			List<Login> all) throws InterruptedException {
		int count = (int) Math.max(1, Math.round(step.rate() * step.seconds()));
		long startNanos = System.nanoTime();
		List<Login> logins = api.start(count, 64, scans, wechat);
		double startsPerSecond = count / Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
		logins.forEach(results::watch);
		all.addAll(logins);
		// the last ticket has been through the topology (its status is PENDING) before
		// any scan
		String last = logins.get(logins.size() - 1).loginId();
		awaitQuietly(Duration.ofSeconds(60), () -> api.status(last).contains("PENDING"));
		List<Disposable> streams = new ArrayList<>();
		AtomicInteger opened = new AtomicInteger();
		int every = Math.max(1, (int) Math.ceil(logins.size() / (double) sseSample));
		for (int i = 0; i < logins.size(); i += every) {
			streams.add(api.watch(logins.get(i), opened::incrementAndGet));
		}
		awaitQuietly(Duration.ofSeconds(30), () -> opened.get() >= streams.size());
		double cpuBefore = processor.cpuSeconds() + cpuSeconds(receiverPid);
		long firstDue = System.nanoTime();
		long sendErrors = sender.send(logins, step.rate());
		awaitQuietly(Duration.ofSeconds(30), () -> logins.stream().allMatch((login) -> login.succeededCount() > 0));
		// late duplicates and SSE events have a moment to show
		awaitQuietly(Duration.ofMillis(500), () -> false);
		double cpu = processor.cpuSeconds() + cpuSeconds(receiverPid) - cpuBefore;
		streams.forEach(Disposable::dispose);
		Histogram result = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
		Histogram sse = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
		long[] counted = StepFigures.count(logins, result, sse);
		double decidedPerSecond = counted[0] / Math.max(1e-3, (counted[4] - firstDue) / 1e9);
		return new StepFigures(step.name(), step.rate(), (firstDue - ready) / 1e9, logins.size(), startsPerSecond,
				sendErrors, counted[0], counted[1], counted[2], counted[3], decidedPerSecond,
				StepFigures.Percentiles.of(result), StepFigures.Percentiles.of(sse), streams.size(),
				cpu * 1000 / logins.size());
	}

	private static void awaitQuietly(Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
		try {
			Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			// what did not happen is counted in the figures
		}
	}

	private static double cpuSeconds(long pid) {
		return ProcessHandle.of(pid)
			.flatMap((handle) -> handle.info().totalCpuDuration())
			.map((cpu) -> cpu.toNanos() / 1e9)
			.orElse(0.0);
	}

	private static List<String> words(String text) {
		return Arrays.stream(text.trim().split("\\s+")).filter((word) -> !word.isEmpty()).toList();
	}

	/**
	 * A step of scans at a fixed rate.
	 *
	 * @param name its name in the table
	 * @param rate scans per second
	 * @param seconds how long
	 */
	record Step(String name, double rate, double seconds) {

		Step {
			if (!(rate > 0) || !(seconds > 0)) {
				throw new IllegalArgumentException("a step needs a positive rate and length: " + name);
			}
		}

		/**
		 * Reads {@code name:rate:seconds,...}.
		 * @param text the steps
		 * @return them, in order
		 */
		static List<Step> parse(String text) {
			List<Step> steps = new ArrayList<>();
			for (String part : text.split(",")) {
				String[] fields = part.trim().split(":");
				if (fields.length != 3) {
					throw new IllegalArgumentException("a step is name:rate:seconds, not " + part);
				}
				steps.add(new Step(fields[0], Double.parseDouble(fields[1]), Double.parseDouble(fields[2])));
			}
			return steps;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%s %,.0f/s × %.0f s", this.name, this.rate, this.seconds);
		}

	}

}
