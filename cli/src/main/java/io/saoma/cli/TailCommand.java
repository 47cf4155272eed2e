package io.saoma.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code saoma tail <topic>}: the options people type, checked before anything connects
 * (a mistake is a usage error, exit 2), then a {@link TopicTail}.
 */
@Command(name = "tail", sortOptions = false, usageHelpAutoWidth = true,
		description = { "Prints the records of a topic as JSON lines, decoding every released schema version.",
				"Read-only: no consumer group, no committed offsets.", "",
				"Topics: wechat.events and its fan-out topics (wechat.events.<event>, wechat.messages.<type>, "
						+ "wechat.events.other), wechat.logins, wechat.login-status, wechat.qr-tickets, "
						+ "wechat.login-redemptions." },
		footer = { "", "Examples:", "  saoma tail wechat.events --account main --type subscribe --since 10m --follow",
				"  saoma tail wechat.logins --since 1h --count" },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:the end was reached, --max records were printed, or the tail was stopped (--follow)",
				"1:Kafka is unreachable, the topic does not exist, or Kafka stopped answering",
				"2:a usage error (unknown option or topic, bad --since)" })
final class TailCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", paramLabel = "TOPIC", description = "The topic, e.g. wechat.events or wechat.logins.")
	private String topic;

	@Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
			defaultValue = "${env:" + SaomaCli.BOOTSTRAP_ENV + ":-" + SaomaCli.DEFAULT_BOOTSTRAP + "}",
			description = "Kafka's bootstrap servers (default: $" + SaomaCli.BOOTSTRAP_ENV + ", else "
					+ SaomaCli.DEFAULT_BOOTSTRAP + "; the local stack prints its own).")
	private String bootstrapServers;

	@Option(names = "--account", paramLabel = "ID", description = "Only records of this account id (e.g. main).")
	private String account;

	@Option(names = "--type", paramLabel = "TYPE",
			description = { "Only records of this type, case-insensitive: the Event of a push (subscribe, SCAN, ...) "
					+ "or its MsgType (text, image, ...); the outcome on wechat.logins (SUCCEEDED, EXPIRED, "
					+ "REJECTED); the state on wechat.login-status." })
	private String type;

	@Option(names = "--since", paramLabel = "WHEN", description = "Start at the first record written at or after WHEN: "
			+ Since.FORMS + ". Default: the beginning of the topic.")
	private String since;

	@Option(names = { "-f", "--follow" }, description = "Keep printing new records until Ctrl-C, "
			+ "instead of stopping at the end of the topic as it was at the start.")
	private boolean follow;

	@Option(names = "--count", description = "Print one summary instead of the records: counts per account, "
			+ "per type (per outcome on wechat.logins) and per account and type.")
	private boolean count;

	@Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
	private Long max;

	@Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
			description = "How long Kafka may take to answer before the tail gives up with exit 1 (default: 15).")
	private int timeoutSeconds;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
	private boolean help;

	private final PrintStream out;

	private final TailStop stop;

	private final Clock clock;

	TailCommand(PrintStream out, TailStop stop, Clock clock) {
		this.out = out;
		this.stop = stop;
		this.clock = clock;
	}

	@Override
	public Integer call() {
		TailOptions options = options();
		TopicFormat format = TopicCatalog.find(options.topic())
			.orElseThrow(() -> new ParameterException(this.spec.commandLine(), "Unknown topic '" + options.topic()
					+ "': saoma tail decodes " + String.join(", ", TopicCatalog.names())));
		new TopicTail(options, format, new JsonLines(this.out)).run(this.stop);
		return 0;
	}

	TailOptions options() {
		Instant start = null;
		if (this.since != null) {
			try {
				start = Since.parse(this.since, this.clock);
			}
			catch (IllegalArgumentException ex) {
				throw new ParameterException(this.spec.commandLine(), ex.getMessage());
			}
		}
		if (this.max != null && this.max < 1) {
			throw new ParameterException(this.spec.commandLine(), "Invalid --max " + this.max + ": expected 1 or more");
		}
		if (this.timeoutSeconds < 1) {
			throw new ParameterException(this.spec.commandLine(),
					"Invalid --timeout " + this.timeoutSeconds + ": expected 1 or more seconds");
		}
		if (this.bootstrapServers == null || this.bootstrapServers.isBlank()) {
			throw new ParameterException(this.spec.commandLine(), "Empty --bootstrap-server");
		}
		return new TailOptions(this.topic, this.bootstrapServers.trim(), blankToNull(this.account),
				blankToNull(this.type), start, this.follow, this.count, this.max,
				Duration.ofSeconds(this.timeoutSeconds));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
