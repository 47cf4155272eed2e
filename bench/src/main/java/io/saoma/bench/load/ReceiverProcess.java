package io.saoma.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The receiver as a child JVM (its own heap, so its heap figure is its own), with its
 * real configuration ({@code receiver.yml}: acks=all, idempotence, lz4, linger 5 ms) and
 * the local stack's demo account, on loopback.
 */
public final class ReceiverProcess implements AutoCloseable {

	private final ChildJvm jvm;

	private ReceiverProcess(ChildJvm jvm) {
		this.jvm = jvm;
	}

	/**
	 * Starts the receiver and waits (at most 120 s) until it answers.
	 * @param bootstrapServers the broker
	 * @param heap {@code -Xmx}, e.g. {@code 256m}
	 * @param jvmOptions more JVM options (e.g. a flight recording)
	 * @param log where its output goes
	 * @return the running receiver
	 * @throws IOException if it cannot start
	 * @throws InterruptedException if interrupted
	 */
	public static ReceiverProcess start(String bootstrapServers, String heap, List<String> jvmOptions, Path log)
			throws IOException, InterruptedException {
		return new ReceiverProcess(ChildJvm.start("receiver", System.getProperty("java.class.path"),
				"io.saoma.receiver.ReceiverApplication", heap, jvmOptions,
				List.of("--spring.kafka.bootstrap-servers=" + bootstrapServers,
						"--wechat.accounts." + PushFactory.ACCOUNT + ".app-id=" + PushFactory.APP_ID,
						"--wechat.accounts." + PushFactory.ACCOUNT + ".token=" + PushFactory.TOKEN, "--wechat.accounts."
								+ PushFactory.ACCOUNT + ".encoding-aes-key=" + PushFactory.ENCODING_AES_KEY),
				log));
	}

	/**
	 * The receiver's heap used now, from its Prometheus endpoint
	 * ({@code jvm_memory_used_bytes{area="heap"}}, summed over the pools).
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
