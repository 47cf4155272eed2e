package io.saoma.bench.endtoend;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.saoma.bench.load.ChildJvm;
import io.saoma.bench.load.PushFactory;

/**
 * The login processor as a child JVM, with its real configuration
 * ({@code login-processor.yml}: exactly_once_v2, its commit interval and caches), the
 * demo account against the bench's fake WeChat API, on loopback. What differs from a
 * deployment: one instance (no standby), and start/stream limits raised so that one
 * client (the bench) may start tens of thousands of logins and watch many of them.
 */
final class LoginProcessorProcess implements AutoCloseable {

	static final String REDEEM_API_KEY = "bench-redeem-key-0123456789";

	/** Ready: its Kafka Streams run (the health's details say {@code RUNNING}). */
	private static final ChildJvm.Readiness STREAMS_RUNNING = (child) -> {
		HttpResponse<String> health = child.get("/actuator/health");
		return health.statusCode() == 200 && health.body().contains("\"state\":\"RUNNING\"");
	};

	private final ChildJvm jvm;

	private final double secondsToReady;

	private LoginProcessorProcess(ChildJvm jvm, double secondsToReady) {
		this.jvm = jvm;
		this.secondsToReady = secondsToReady;
	}

	/**
	 * Starts the login processor and waits (at most 120 s) until its Kafka Streams run.
	 * @param bootstrapServers the broker
	 * @param wechatApi the fake WeChat API's base URL
	 * @param heap {@code -Xmx}
	 * @param jvmOptions more JVM options (AOT cache, flight recording)
	 * @param arguments more application arguments ({@code --name=value}, e.g. tuning)
	 * @param log where its output goes
	 * @return the running login processor
	 * @throws IOException if it cannot start
	 */
	static LoginProcessorProcess start(String bootstrapServers, String wechatApi, String heap, List<String> jvmOptions,
			List<String> arguments, Path log) throws IOException {
		List<String> all = new ArrayList<>();
		all.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
		all.add("--login.advertised-host=127.0.0.1");
		all.add("--spring.kafka.streams.state-dir=" + Files.createTempDirectory("bench-login-processor"));
		all.add("--spring.kafka.streams.properties.num.standby.replicas=0");
		all.add("--wechat.api.base-url=" + wechatApi);
		all.add("--wechat.api.qr-image-base-url=" + wechatApi);
		all.add("--wechat.accounts." + PushFactory.ACCOUNT + ".app-id=" + PushFactory.APP_ID);
		all.add("--wechat.accounts." + PushFactory.ACCOUNT + ".app-secret=benchAppSecret0123456789abcdef0");
		all.add("--login.redeem-api-key=" + REDEEM_API_KEY);
		all.add("--login.limits.client-starts=100000000");
		all.add("--login.limits.account-starts=100000000");
		all.add("--login.limits.max-streams=100000");
		all.add("--login.limits.max-streams-per-client=100000");
		all.addAll(arguments);
		long started = System.nanoTime();
		ChildJvm jvm = ChildJvm.start("login processor", jarsOnly(System.getProperty("java.class.path")),
				"io.saoma.loginprocessor.LoginProcessorApplication", heap, jvmOptions, all, log, STREAMS_RUNNING);
		return new LoginProcessorProcess(jvm, (System.nanoTime() - started) / 1e9);
	}

	/**
	 * How long it took from the process's start to Kafka Streams RUNNING.
	 * @return seconds
	 */
	double secondsToReady() {
		return this.secondsToReady;
	}

	/**
	 * Its API's URL.
	 * @return {@code http://127.0.0.1:port}
	 */
	String baseUrl() {
		return this.jvm.baseUrl();
	}

	long pid() {
		return this.jvm.pid();
	}

	/**
	 * The CPU time the process has used so far.
	 * @return seconds, or -1 if unknown
	 */
	double cpuSeconds() {
		long nanos = this.jvm.cpuNanos();
		return (nanos < 0) ? -1 : nanos / 1e9;
	}

	/**
	 * The class path without its directories (the bench's own classes): the login
	 * processor needs none of them, and an AOT cache or CDS archive accepts only jars.
	 */
	private static String jarsOnly(String classPath) {
		return Arrays.stream(classPath.split(File.pathSeparator))
			.filter((entry) -> entry.endsWith(".jar"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	@Override
	public void close() {
		// a JVM writing an AOT cache (-XX:AOTCacheOutput) at exit takes a while: ChildJvm
		// waits up to 120 s
		this.jvm.close();
	}

}
