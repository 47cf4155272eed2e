package io.saoma.bench.decode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.saoma.bench.Machine;
import io.saoma.bench.decode.DecodeInputs.Kind;
import io.saoma.bench.decode.DecodeInputs.Push;
import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.push.PushRejectedException;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;

/**
 * The same comparison as {@link DecodeBenchmark}, timed in <em>CPU time of the decoding
 * thread</em> instead of wall-clock time, for a shared machine: on 2 cores with a load
 * average of 10 or 50, JMH's wall-clock figures mostly measure the wait for a core, while
 * the thread's own CPU time per decode moves much less (caches and frequency still do).
 * Rounds alternate the two decoders on the same inputs (A, B, A, B...), and the table
 * gives the median of the rounds. Not a replacement for JMH on a quiet machine: a check
 * that can be run back to back on a busy one.
 * <p>
 * System properties: {@code bench.rounds} (default 15), {@code bench.ops} per round
 * (default 2,000), {@code bench.warmup} decodes per decoder and input (default 30,000).
 */
public final class DecodeCpuTime {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private DecodeCpuTime() {
	}

	/**
	 * Prints the machine and the table.
	 * @param args ignored
	 * @throws IOException if the load average cannot be read
	 * @throws PushRejectedException if the receiver refuses an input (a broken setup)
	 */
	public static void main(String[] args) throws IOException, PushRejectedException {
		int rounds = Integer.getInteger("bench.rounds", 15);
		int ops = Integer.getInteger("bench.ops", 2_000);
		int warmup = Integer.getInteger("bench.warmup", 30_000);
		Machine.print(System.out);
		System.out.printf(Locale.ROOT, "# CPU time of the decoding thread; %d rounds of %d decodes, warm-up %d%n",
				rounds, ops, warmup);
		System.out.println("| input | decoder | CPU ns/op (median) | min | max | B/op | ratio WxJava/receiver |");
		System.out.println("|---|---|---:|---:|---:|---:|---:|");
		for (Kind kind : Kind.values()) {
			Decoders decoders = new Decoders(kind);
			decoders.receiver(warmup);
			decoders.wxJava(warmup);
			long[] receiver = new long[rounds];
			long[] wxJava = new long[rounds];
			long receiverBytes = 0;
			long wxJavaBytes = 0;
			for (int round = 0; round < rounds; round++) {
				long[] r = measure(() -> decoders.receiver(ops), ops);
				long[] w = measure(() -> decoders.wxJava(ops), ops);
				receiver[round] = r[0];
				wxJava[round] = w[0];
				receiverBytes = r[1];
				wxJavaBytes = w[1];
			}
			long receiverMedian = median(receiver);
			long wxJavaMedian = median(wxJava);
			System.out.printf(Locale.ROOT, "| %s | receiver | %,d | %,d | %,d | %,d | |%n", kind, receiverMedian,
					min(receiver), max(receiver), receiverBytes);
			System.out.printf(Locale.ROOT, "| %s | WxJava | %,d | %,d | %,d | %,d | **%.1f×** |%n", kind, wxJavaMedian,
					min(wxJava), max(wxJava), wxJavaBytes, (double) wxJavaMedian / receiverMedian);
		}
		System.out.printf("# load average at the end: %s%n", Machine.loadAverage());
	}

	/** CPU ns per op and allocated bytes per op of one round. */
	private static long[] measure(Round round, int ops) throws PushRejectedException {
		long bytes = THREADS.getCurrentThreadAllocatedBytes();
		long cpu = THREADS.getCurrentThreadCpuTime();
		round.run();
		long cpuUsed = THREADS.getCurrentThreadCpuTime() - cpu;
		long allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
		return new long[] { cpuUsed / ops, allocated / ops };
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static long min(long[] values) {
		return Arrays.stream(values).min().orElse(0);
	}

	private static long max(long[] values) {
		return Arrays.stream(values).max().orElse(0);
	}

	@FunctionalInterface
	private interface Round {

		void run() throws PushRejectedException;

	}

	/** Both decoders over the same pushes, as in {@link DecodeBenchmark}. */
	private static final class Decoders {

		private final WechatAccount account = DecodeInputs.account();

		private final PushDecoder decoder = DecodeInputs.receiverDecoder();

		private final WxMpDefaultConfigImpl wxConfig = DecodeInputs.wxConfig();

		private final Push[] pushes;

		/** Read by nobody: keeps the results alive so no decode is optimised away. */
		private int sink;

		Decoders(Kind kind) {
			List<Push> list = DecodeInputs.pushes(kind, DecodeBenchmark.PUSHES, DecodeInputs.randomSeed());
			this.pushes = list.toArray(new Push[0]);
		}

		void receiver(int ops) throws PushRejectedException {
			for (int i = 0; i < ops; i++) {
				Push push = this.pushes[i & (DecodeBenchmark.PUSHES - 1)];
				this.sink += this.decoder.decode(this.account, push.request()).getPayload().length();
			}
		}

		void wxJava(int ops) {
			for (int i = 0; i < ops; i++) {
				Push push = this.pushes[i & (DecodeBenchmark.PUSHES - 1)];
				String body = new String(push.request().body(), StandardCharsets.UTF_8);
				this.sink += WxMpXmlMessage
					.fromEncryptedXml(body, this.wxConfig, push.timestamp(), push.nonce(), push.msgSignature())
					.getFromUser()
					.length();
			}
		}

	}

}
