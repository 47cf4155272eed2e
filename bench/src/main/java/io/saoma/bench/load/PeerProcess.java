package io.saoma.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The peer endpoint (module {@code bench-peer}: Spring Boot MVC on Tomcat with WxJava, no
 * durable write) as a child JVM, on its own class path so that Tomcat and spring-webmvc
 * never join the receiver's, serving the same demo account as the receiver.
 */
public final class PeerProcess implements AutoCloseable {

	/** The peer's main class. */
	public static final String MAIN_CLASS = "io.saoma.bench.peer.PeerApplication";

	private final ChildJvm jvm;

	private PeerProcess(ChildJvm jvm) {
		this.jvm = jvm;
	}

	/**
	 * Starts the peer and waits (at most 120 s) until it is ready.
	 * @param classPath the peer's class path ({@code bench-peer/target/classes} and its
	 * dependencies, as {@code bench.sh} builds it)
	 * @param heap {@code -Xmx}, the same as the receiver's
	 * @param jvmOptions more JVM options
	 * @param log where its output goes
	 * @return the running peer
	 * @throws IOException if it cannot start
	 * @throws InterruptedException if interrupted
	 */
	public static PeerProcess start(String classPath, String heap, List<String> jvmOptions, Path log)
			throws IOException, InterruptedException {
		return new PeerProcess(ChildJvm.start("peer", classPath, MAIN_CLASS, heap, jvmOptions,
				List.of("--peer.account.name=" + PushFactory.ACCOUNT, "--peer.account.app-id=" + PushFactory.APP_ID,
						"--peer.account.token=" + PushFactory.TOKEN,
						"--peer.account.encoding-aes-key=" + PushFactory.ENCODING_AES_KEY),
				log));
	}

	/**
	 * The peer's heap used now (its Prometheus endpoint).
	 * @return megabytes, or -1 if unknown
	 */
	public double heapUsedMb() {
		return this.jvm.heapUsedMb();
	}

	/**
	 * Its application URL.
	 * @return {@code http://127.0.0.1:port}
	 */
	public String baseUrl() {
		return this.jvm.baseUrl();
	}

	/**
	 * Its process id.
	 * @return the pid
	 */
	public long pid() {
		return this.jvm.pid();
	}

	@Override
	public void close() throws InterruptedException {
		this.jvm.close();
	}

}
