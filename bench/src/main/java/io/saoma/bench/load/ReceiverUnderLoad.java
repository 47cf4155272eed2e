package io.saoma.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.DoubleSupplier;

import io.saoma.bench.Machine;
import io.saoma.embeddedkafka.InProcessKraftBroker;
import io.saoma.schemas.Topics;

/**
 * {@code ./bench.sh receiver}: an in-process KRaft broker, the receiver and the peer
 * endpoint (module {@code bench-peer}: Spring Boot MVC + WxJava, no durable write) as
 * child JVMs with the same heap, and fixed-rate steps (each a warm-up, then a measured
 * run) against each target in turn with the same generator, connections and pushes: at
 * each rate the receiver, then the peer; a target stops at its first failing step. Prints
 * the machine first and one table with a {@code target} column at the end, also written
 * to {@code bench/target/receiver-load.md}.
 * <p>
 * System properties: {@code bench.targets} ({@code receiver,peer}, either or both),
 * {@code bench.peer.classpath} (the peer's class path, set by {@code bench.sh}),
 * {@code bench.rates} (comma-separated, default {@code 1000,2000,4000,8000,16000}),
 * {@code bench.warmup} and {@code bench.seconds} (per step, default 5 and 15),
 * {@code bench.first-warmup} (20: JIT), {@code bench.connections} (64),
 * {@code bench.heap} ({@code 256m}, both targets), {@code bench.jfr} (true: a flight
 * recording of each target into {@code bench/target/<target>.jfr}), {@code bench.out}
 * ({@code bench/target}).
 */
public final class ReceiverUnderLoad {

	static final String RECEIVER = "receiver";

	static final String PEER = "peer";

	private ReceiverUnderLoad() {
	}

	public static void main(String[] args) throws Exception {
		List<Double> rates = new ArrayList<>();
		for (String rate : System.getProperty("bench.rates", "1000,2000,4000,8000,12000,16000").split(",")) {
			rates.add(Double.parseDouble(rate.trim()));
		}
		List<String> targets = targets(System.getProperty("bench.targets", RECEIVER + "," + PEER));
		String peerClassPath = System.getProperty("bench.peer.classpath", "");
		if (targets.contains(PEER) && peerClassPath.isBlank()) {
			throw new IllegalArgumentException("bench.peer.classpath is not set (./bench.sh receiver sets it); "
					+ "or run -Dbench.targets=receiver");
		}
		Machine.quietLogs();
		double warmup = Double.parseDouble(System.getProperty("bench.warmup", "5"));
		double firstWarmup = Double.parseDouble(System.getProperty("bench.first-warmup", "20"));
		double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
		int connections = Integer.getInteger("bench.connections", 256);
		String heap = System.getProperty("bench.heap", "256m");
		Path out = Path.of(System.getProperty("bench.out", "bench/target"));
		Files.createDirectories(out);
		boolean jfr = Boolean.getBoolean("bench.jfr");
		StringBuilder report = new StringBuilder();
		report.append(Machine.describe("generator")).append('\n');
		report.append(String.format(Locale.ROOT,
				"settings: targets %s, each a child JVM -Xmx%s%s (the receiver on an in-process KRaft broker, 1 node,"
						+ " %s 3 partitions; the peer writes nothing), %d keep-alive connections, warm-up %.0f s"
						+ " (first step %.0f s: JIT) + measured %.0f s per step and target, rates %s%n",
				targets, heap, jfr ? " with a flight recording" : "", Topics.Names.WECHAT_EVENTS, connections, warmup,
				Math.max(warmup, firstWarmup), seconds, rates));
		System.out.print(report);
		List<Row> rows = new ArrayList<>();
		try (InProcessKraftBroker broker = targets.contains(RECEIVER) ? InProcessKraftBroker.start() : null) {
			List<Target> running = new ArrayList<>();
			try {
				for (String name : targets) {
					running.add(start(name, broker, peerClassPath, heap, jfr, out, connections));
				}
				for (double rate : rates) {
					for (Target target : running) {
						if (!target.stopped) {
							step(target, rate, target.first ? Math.max(warmup, firstWarmup) : warmup, seconds, rows);
						}
					}
				}
			}
			finally {
				closeAll(running);
			}
		}
		report.append('\n').append(header()).append('\n');
		rows.forEach((row) -> report.append(row.line()).append('\n'));
		report.append('\n');
		for (String target : targets) {
			OptionalDouble best = highestPassed(rows, target);
			report.append(
					best.isPresent()
							? String.format(Locale.ROOT, "%s: highest rate with p99 ≤ 50 ms and no error: %,.0f/s%n",
									target, best.getAsDouble())
							: target + ": no rate held p99 ≤ 50 ms without error\n");
		}
		if (targets.contains(RECEIVER) && targets.contains(PEER)) {
			report.append(verdict(rows)).append(cpuComparison(rows));
		}
		report.append(String.format(Locale.ROOT, "load average after the run: %.2f%n",
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
		System.out.println();
		System.out.print(report);
		write(out.resolve("receiver-load.md"), report.toString());
	}

	private static void closeAll(List<Target> running) throws Exception {
		// every child is stopped even if stopping one fails
		Exception failure = null;
		for (Target target : running) {
			try {
				target.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	static List<String> targets(String property) {
		List<String> targets = new ArrayList<>();
		for (String target : property.split(",")) {
			String name = target.trim().toLowerCase(Locale.ROOT);
			if (!name.equals(RECEIVER) && !name.equals(PEER)) {
				throw new IllegalArgumentException("bench.targets: receiver and/or peer, not '" + target + "'");
			}
			if (!targets.contains(name)) {
				targets.add(name);
			}
		}
		return targets;
	}

	private static Target start(String name, InProcessKraftBroker broker, String peerClassPath, String heap,
			boolean jfr, Path out, int connections) throws IOException, InterruptedException {
		List<String> jvmOptions = jfr ? List
			.of("-XX:StartFlightRecording=settings=profile,filename=" + out.resolve(name + ".jfr").toAbsolutePath())
				: List.of();
		Path log = out.resolve(name + ".log");
		AutoCloseable process;
		String baseUrl;
		DoubleSupplier heapUsedMb;
		long pid;
		if (name.equals(RECEIVER)) {
			broker.createTopic(Topics.Names.WECHAT_EVENTS, 3);
			ReceiverProcess receiver = ReceiverProcess.start(broker.bootstrapServers(), heap, jvmOptions, log);
			process = receiver;
			baseUrl = receiver.baseUrl();
			heapUsedMb = receiver::heapUsedMb;
			pid = receiver.pid();
		}
		else {
			PeerProcess peer = PeerProcess.start(peerClassPath, heap, jvmOptions, log);
			process = peer;
			baseUrl = peer.baseUrl();
			heapUsedMb = peer::heapUsedMb;
			pid = peer.pid();
		}
		System.out.println(name + " pid " + pid + " at " + baseUrl + " (log " + log + ")");
		// the same pushes, in the same order, for every target
		return new Target(name, process, pid,
				new OpenLoopLoad(baseUrl, "/wechat/" + PushFactory.ACCOUNT, connections, new PushFactory()),
				heapUsedMb);
	}

	private static void step(Target target, double rate, double warmup, double seconds, List<Row> rows)
			throws InterruptedException {
		StepResult warm = target.load.run(rate, warmup, () -> -1);
		target.first = false;
		System.out.printf(Locale.ROOT, "%s warm-up %,.0f/s: achieved %,.0f/s, p99 %.1f ms, errors %d%n", target.name,
				rate, warm.achievedRate(), warm.p99Millis(), warm.errors());
		long cpuBefore = target.cpuNanos();
		long ownBefore = ownCpuNanos();
		StepResult result = target.load.run(rate, seconds, target.heapUsedMb);
		long cpuAfter = target.cpuNanos();
		long ownAfter = ownCpuNanos();
		double cpuMicrosPerPush = (cpuBefore < 0 || cpuAfter < 0 || result.ok() == 0) ? -1
				: (cpuAfter - cpuBefore) / 1e3 / result.ok();
		Row row = new Row(target.name, result, cpuMicrosPerPush);
		rows.add(row);
		System.out.println(header().lines().findFirst().orElseThrow());
		System.out.println(row.line());
		// the bench's own JVM: the load generator and, for the receiver, the in-process
		// broker
		System.out.printf(Locale.ROOT, "cpu at %,.0f/s: %s %.2f cores; generator%s %.0f µs/push (%.2f cores)%n", rate,
				target.name, (cpuAfter - cpuBefore) / seconds / 1e9, target.name.equals(RECEIVER) ? " + broker" : "",
				(ownAfter - ownBefore) / 1e3 / Math.max(1, result.sent()), (ownAfter - ownBefore) / seconds / 1e9);
		target.stopped = !result.passed();
	}

	private static long ownCpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
	}

	static String header() {
		String[] lines = StepResult.header().split("\n");
		return "| target " + lines[0] + " CPU µs/push |\n|---" + lines[1] + "---:|";
	}

	static OptionalDouble highestPassed(List<Row> rows, String target) {
		return rows.stream()
			.filter((row) -> row.target().equals(target) && row.result().passed())
			.mapToDouble((row) -> row.result().targetRate())
			.max();
	}

	/**
	 * Whether the receiver is faster than the peer: a higher highest passing rate, or the
	 * same with a lower p99 at that rate.
	 * @param rows both targets' steps
	 * @return one line
	 */
	static String verdict(List<Row> rows) {
		double receiver = highestPassed(rows, RECEIVER).orElse(0);
		double peer = highestPassed(rows, PEER).orElse(0);
		if (receiver != peer) {
			return String.format(Locale.ROOT, "receiver %s than the peer: highest passing rate %,.0f/s vs %,.0f/s%n",
					(receiver > peer) ? "faster" : "SLOWER", receiver, peer);
		}
		if (receiver == 0) {
			return "neither target passed a step" + firstStepAnswers(rows) + "\n";
		}
		double receiverP99 = p99At(rows, RECEIVER, receiver);
		double peerP99 = p99At(rows, PEER, peer);
		return String.format(Locale.ROOT,
				"receiver and peer both pass up to %,.0f/s; p99 there %.1f ms (receiver) vs %.1f ms (peer)%n", receiver,
				receiverP99, peerP99);
	}

	private static String firstStepAnswers(List<Row> rows) {
		return rows.stream()
			.filter((row) -> row.target().equals(RECEIVER))
			.findFirst()
			.flatMap((receiver) -> rows.stream()
				.filter((peer) -> peer.target().equals(PEER)
						&& peer.result().targetRate() == receiver.result().targetRate())
				.findFirst()
				.map((peer) -> String.format(Locale.ROOT,
						"; at %,.0f/s the receiver answered %,.0f/s (%,d errors), the peer %,.0f/s (%,d errors)",
						receiver.result().targetRate(), receiver.result().achievedRate(), receiver.result().errors(),
						peer.result().achievedRate(), peer.result().errors())))
			.orElse("");
	}

	/**
	 * The CPU each target spent per push at the highest rate both were measured at: a
	 * figure that the machine's other load moves less than latency.
	 * @param rows both targets' steps
	 * @return one line, or nothing if no rate has both figures
	 */
	static String cpuComparison(List<Row> rows) {
		return rows.stream()
			.filter((row) -> row.target().equals(RECEIVER) && row.cpuMicrosPerPush() >= 0)
			.flatMap((receiver) -> rows.stream()
				.filter((peer) -> peer.target().equals(PEER) && peer.cpuMicrosPerPush() >= 0
						&& peer.result().targetRate() == receiver.result().targetRate())
				.map((peer) -> String.format(Locale.ROOT,
						"CPU per push at %,.0f/s: receiver %.0f µs, peer %.0f µs (%.1f× %s)%n",
						receiver.result().targetRate(), receiver.cpuMicrosPerPush(), peer.cpuMicrosPerPush(),
						Math.max(receiver.cpuMicrosPerPush(), peer.cpuMicrosPerPush())
								/ Math.max(1, Math.min(receiver.cpuMicrosPerPush(), peer.cpuMicrosPerPush())),
						(receiver.cpuMicrosPerPush() <= peer.cpuMicrosPerPush()) ? "less for the receiver"
								: "MORE for the receiver")))
			.reduce((first, second) -> second)
			.orElse("");
	}

	private static double p99At(List<Row> rows, String target, double rate) {
		return rows.stream()
			.filter((row) -> row.target().equals(target) && row.result().targetRate() == rate)
			.mapToDouble((row) -> row.result().p99Millis())
			.findFirst()
			.orElse(Double.NaN);
	}

	private static void write(Path file, String text) throws IOException {
		Files.writeString(file, text);
		System.out.println("written to " + file);
	}

	/**
	 * One measured step of one target.
	 *
	 * @param target {@code receiver} or {@code peer}
	 * @param result its figures
	 * @param cpuMicrosPerPush the target JVM's CPU time (all its threads) over the
	 * measured run, per push answered {@code success}; -1 if unknown. The receiver's
	 * excludes the broker's work, which runs in the generator's JVM
	 */
	record Row(String target, StepResult result, double cpuMicrosPerPush) {

		String line() {
			return "| " + this.target + " " + this.result.row() + " "
					+ ((this.cpuMicrosPerPush < 0) ? "?" : String.format(Locale.ROOT, "%.0f", this.cpuMicrosPerPush))
					+ " |";
		}

	}

	private static final class Target implements AutoCloseable {

		private final String name;

		private final AutoCloseable process;

		private final long pid;

		private final OpenLoopLoad load;

		private final DoubleSupplier heapUsedMb;

		private boolean first = true;

		private boolean stopped;

		Target(String name, AutoCloseable process, long pid, OpenLoopLoad load, DoubleSupplier heapUsedMb) {
			this.name = name;
			this.process = process;
			this.pid = pid;
			this.load = load;
			this.heapUsedMb = heapUsedMb;
		}

		/**
		 * The process's CPU time so far (user + system, all threads), as the OS reports
		 * it.
		 * @return nanoseconds, or -1 if unknown
		 */
		long cpuNanos() {
			return ProcessHandle.of(this.pid)
				.flatMap((handle) -> handle.info().totalCpuDuration())
				.map(java.time.Duration::toNanos)
				.orElse(-1L);
		}

		@Override
		public void close() throws Exception {
			this.load.close();
			this.process.close();
		}

	}

}
