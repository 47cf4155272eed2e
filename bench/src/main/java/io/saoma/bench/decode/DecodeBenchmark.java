package io.saoma.bench.decode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.saoma.bench.Machine;
import io.saoma.bench.decode.DecodeInputs.Kind;
import io.saoma.bench.decode.DecodeInputs.Push;
import io.saoma.receiver.config.WechatAccount;
import io.saoma.receiver.push.PushDecoder;
import io.saoma.receiver.push.PushRejectedException;
import io.saoma.schemas.event.WechatEvent;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The receiver's verify + decrypt + parse of a safe-mode push into a {@link WechatEvent}
 * ({@link PushDecoder#decode}, what {@code WechatHandler} calls), beside WxJava's
 * {@link WxMpXmlMessage#fromEncryptedXml} (which verifies {@code msg_signature}, decrypts
 * and parses), on the same bodies and query parameters. Both start from the body's bytes:
 * the receiver gets them as the request carries them, WxJava gets them turned into a
 * UTF-8 string, as a servlet would read them. Each invocation decodes the next of
 * {@value #PUSHES} distinct pushes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms256m", "-Xmx256m" })
public class DecodeBenchmark {

	/** Distinct pushes in rotation. */
	public static final int PUSHES = 64;

	@Param({ "SUBSCRIBE", "TEXT" })
	public Kind kind;

	private WechatAccount account;

	private PushDecoder decoder;

	private WxMpDefaultConfigImpl wxConfig;

	private Push[] pushes;

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws PushRejectedException {
		this.account = DecodeInputs.account();
		this.decoder = DecodeInputs.receiverDecoder();
		this.wxConfig = DecodeInputs.wxConfig();
		List<Push> list = DecodeInputs.pushes(this.kind, PUSHES, DecodeInputs.randomSeed());
		this.pushes = list.toArray(new Push[0]);
		for (Push push : this.pushes) {
			// both must accept every input, or the run measures errors
			this.decoder.decode(this.account, push.request());
			WxMpXmlMessage.fromEncryptedXml(push.body(), this.wxConfig, push.timestamp(), push.nonce(),
					push.msgSignature());
		}
	}

	private Push nextPush() {
		Push push = this.pushes[this.next];
		this.next = (this.next + 1) & (PUSHES - 1);
		return push;
	}

	@Benchmark
	public WechatEvent receiver() throws PushRejectedException {
		return this.decoder.decode(this.account, nextPush().request());
	}

	@Benchmark
	public WxMpXmlMessage wxJava() {
		Push push = nextPush();
		String body = new String(push.request().body(), StandardCharsets.UTF_8);
		return WxMpXmlMessage.fromEncryptedXml(body, this.wxConfig, push.timestamp(), push.nonce(),
				push.msgSignature());
	}

	/**
	 * Prints the machine, then runs JMH with the given command line (defaults to this
	 * class with {@code -prof gc}).
	 * @param args JMH options
	 * @throws RunnerException if the run fails
	 * @throws CommandLineOptionException if the options are wrong
	 * @throws IOException if the load average cannot be read
	 */
	public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
		Machine.print(System.out);
		String[] options = (args.length > 0) ? args
				: new String[] { DecodeBenchmark.class.getSimpleName(), "-prof", "gc" };
		new Runner(new CommandLineOptions(options)).run();
	}

}
