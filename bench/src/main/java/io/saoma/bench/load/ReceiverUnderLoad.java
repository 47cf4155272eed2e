package io.saoma.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.saoma.embeddedkafka.InProcessKraftBroker;
import io.saoma.schemas.Topics;

/**
 * {@code ./bench.sh receiver}: an in-process KRaft broker, the receiver as a child JVM,
 * and fixed-rate steps (each a warm-up, then a measured run) until a step fails or the
 * rates run out; prints the machine first and a table at the end, also written to
 * {@code bench/target/receiver-load.md}.
 * <p>
 * System properties: {@code bench.rates} (comma-separated, default
 * {@code 1000,2000,4000,8000,16000}), {@code bench.warmup} and {@code bench.seconds} (per
 * step, default 5 and 15), {@code bench.connections} (64), {@code bench.heap}
 * ({@code 256m}), {@code bench.jfr} (true: a flight recording of the receiver into
 * {@code bench/target/receiver.jfr}), {@code bench.out} ({@code bench/target}).
 */
public final class ReceiverUnderLoad {

	private ReceiverUnderLoad() {
	}

	public static void main(String[] args) throws Exception {
		List<Double> rates = new ArrayList<>();
		for (String rate : System.getProperty("bench.rates", "1000,2000,4000,8000,16000").split(",")) {
			rates.add(Double.parseDouble(rate.trim()));
		}
		quietLogs();
		double warmup = Double.parseDouble(System.getProperty("bench.warmup", "5"));
		double firstWarmup = Double.parseDouble(System.getProperty("bench.first-warmup", "20"));
		double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
		int connections = Integer.getInteger("bench.connections", 64);
		String heap = System.getProperty("bench.heap", "256m");
		Path out = Path.of(System.getProperty("bench.out", "bench/target"));
		Files.createDirectories(out);
		List<String> jvmOptions = new ArrayList<>();
		if (Boolean.getBoolean("bench.jfr")) {
			jvmOptions.add("-XX:StartFlightRecording=settings=profile,filename="
					+ out.resolve("receiver.jfr").toAbsolutePath());
		}
		StringBuilder report = new StringBuilder();
		report.append(machine()).append('\n');
		report.append(String.format(Locale.ROOT,
				"settings: receiver child JVM -Xmx%s %s, in-process KRaft broker (1 node, %s 3 partitions), %d keep-alive"
						+ " connections, warm-up %.0f s (first step %.0f s: JIT) + measured %.0f s per step, rates %s%n",
				heap, String.join(" ", jvmOptions), Topics.Names.WECHAT_EVENTS, connections, warmup,
				Math.max(warmup, firstWarmup), seconds, rates));
		System.out.print(report);
		List<StepResult> results = new ArrayList<>();
		List<String> cpuLines = new ArrayList<>();
		try (InProcessKraftBroker broker = InProcessKraftBroker.start()) {
			broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
			try (ReceiverProcess receiver = ReceiverProcess.start(broker.bootstrapServers(), heap, jvmOptions,
					out.resolve("receiver.log"));
					OpenLoopLoad load = new OpenLoopLoad(receiver.baseUrl(), "/wechat/" + PushFactory.ACCOUNT,
							connections, new PushFactory())) {
				System.out.println("receiver pid " + receiver.pid() + " at " + receiver.baseUrl());
				boolean first = true;
				for (double rate : rates) {
					StepResult warm = load.run(rate, first ? Math.max(warmup, firstWarmup) : warmup, () -> -1);
					first = false;
					System.out.printf(Locale.ROOT, "warm-up %,.0f/s: achieved %,.0f/s, p99 %.1f ms, errors %d%n", rate,
							warm.achievedRate(), warm.p99Millis(), warm.errors());
					long receiverCpu = receiver.cpuNanos();
					long generatorCpu = ownCpuNanos();
					StepResult result = load.run(rate, seconds, receiver::heapUsedMb);
					String cpu = cpuLine(result, receiver.cpuNanos() - receiverCpu, ownCpuNanos() - generatorCpu,
							seconds);
					results.add(result);
					cpuLines.add(cpu);
					System.out.println(StepResult.header().lines().findFirst().orElseThrow());
					System.out.println(result.row());
					System.out.println(cpu);
					if (!result.passed()) {
						break;
					}
				}
			}
		}
		report.append('\n').append(StepResult.header()).append('\n');
		results.forEach((result) -> report.append(result.row()).append('\n'));
		report.append('\n');
		cpuLines.forEach((line) -> report.append(line).append('\n'));
		report.append('\n')
			.append(results.stream()
				.filter(StepResult::passed)
				.mapToDouble(StepResult::targetRate)
				.max()
				.stream()
				.mapToObj((best) -> String.format(Locale.ROOT, "highest rate with p99 ≤ 50 ms and no error: %,.0f/s%n",
						best))
				.findFirst()
				.orElse("no rate held p99 ≤ 50 ms without error\n"))
			.append(String.format(Locale.ROOT, "load average after the run: %.2f%n",
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
		System.out.println();
		System.out.print(report);
		write(out.resolve("receiver-load.md"), report.toString());
	}

	/**
	 * CPU per push in the measured window: the receiver's (its child JVM) and the
	 * generator's JVM (load generator and in-process broker together).
	 */
	private static String cpuLine(StepResult result, long receiverNanos, long generatorNanos, double seconds) {
		double pushes = Math.max(1, result.sent());
		return String.format(Locale.ROOT,
				"cpu at %,.0f/s: receiver %.0f µs/push (%.2f cores), generator + broker %.0f µs/push (%.2f cores)",
				result.targetRate(), receiverNanos / pushes / 1000, receiverNanos / seconds / 1e9,
				generatorNanos / pushes / 1000, generatorNanos / seconds / 1e9);
	}

	private static long ownCpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
	}

	private static void quietLogs() {
		// the generator's own JVM (the broker's INFO lines); the receiver child keeps its
		// configuration
		if (org.slf4j.LoggerFactory
			.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

	static String machine() {
		Runtime runtime = Runtime.getRuntime();
		return String.format(Locale.ROOT,
				"machine: %d cores, %s %s (%s), generator heap max %d MB, load average %.2f, %s %s%n",
				runtime.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
				System.getProperty("java.vendor"), runtime.maxMemory() / (1024 * 1024),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("os.name"),
				System.getProperty("os.arch"));
	}

	private static void write(Path file, String text) throws IOException {
		Files.writeString(file, text);
		System.out.println("written to " + file);
	}

}
