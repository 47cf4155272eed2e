package io.saoma.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code saoma}: command-line tools for the people who run and analyse the pipeline. A
 * plain Java program on picocli, without Spring, so it starts in a fraction of a second
 * and runs from one jar ({@code ./saoma} at the repository root builds and runs it). Exit
 * codes: 0 done, 1 Kafka failed, 2 usage error.
 */
@Command(name = "saoma", description = "Command-line tools for saoma.", synopsisSubcommandLabel = "COMMAND")
public final class SaomaCli implements Runnable {

	/** The environment variable that sets the default bootstrap servers. */
	public static final String BOOTSTRAP_ENV = "SAOMA_BOOTSTRAP";

	/**
	 * The bootstrap servers without {@code --bootstrap-server} or
	 * {@value #BOOTSTRAP_ENV}.
	 */
	public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

	/** How long Ctrl-C waits for the tail to print its summary and close. */
	private static final long STOP_WAIT_SECONDS = 10;

	@Spec
	private CommandLine.Model.CommandSpec spec;

	@CommandLine.Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
	private boolean help;

	private SaomaCli() {
	}

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "Missing command, e.g. saoma tail wechat.events");
	}

	/**
	 * Runs the command line as a process: UTF-8 output, Ctrl-C stops a following tail
	 * cleanly, the exit code is the command's.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
		PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
		TailStop stop = new TailStop();
		CountDownLatch finished = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stop.stop();
			try {
				finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "saoma-stop"));
		int exitCode;
		try {
			exitCode = execute(args, out, err, stop, Clock.systemUTC());
		}
		finally {
			out.flush();
			finished.countDown();
		}
		System.exit(exitCode);
	}

	/**
	 * Runs the command line in this process, for {@link #main} and for tests.
	 * @param args the arguments
	 * @param out where records go (JSON lines)
	 * @param err where messages and usage go
	 * @param stop stops a following tail
	 * @param clock the clock {@code --since 10m} counts back from
	 * @return the exit code: 0 done, 1 Kafka failed, 2 usage error
	 */
	public static int execute(String[] args, PrintStream out, PrintStream err, TailStop stop, Clock clock) {
		PrintWriter errWriter = new PrintWriter(err, true);
		CommandLine commandLine = new CommandLine(new SaomaCli())
			.addSubcommand("tail", new TailCommand(out, stop, clock))
			.setOut(new PrintWriter(out, true))
			.setErr(errWriter)
			.setParameterExceptionHandler((ex, arguments) -> {
				CommandLine command = ex.getCommandLine();
				errWriter.println(ex.getMessage());
				errWriter.print(command.getHelp().fullSynopsis());
				errWriter.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
				return command.getCommandSpec().exitCodeOnInvalidInput();
			})
			.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
				if (ex instanceof BrokerException) {
					errWriter.println("saoma " + cmd.getCommandName() + ": " + ex.getMessage());
					return 1;
				}
				throw ex;
			});
		return commandLine.execute(args);
	}

}
