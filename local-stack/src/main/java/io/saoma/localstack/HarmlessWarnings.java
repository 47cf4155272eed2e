package io.saoma.localstack;

import java.util.Arrays;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the warnings every start and stop of the local stack logs although nothing is
 * wrong, so a person reading the console sees only real ones: the controller's first
 * activation of an empty metadata log, Kafka Streams' repartition topic not existing
 * until Streams creates it, the Streams state directory in the OS temp folder (the local
 * stack deletes it when it stops), and a client closed twice at shutdown. Every other
 * warning of the same loggers passes. Installed by {@code logback.xml}.
 */
public class HarmlessWarnings extends TurboFilter {

	private static final List<Harmless> HARMLESS = List.of(
			new Harmless("org.apache.kafka.controller.QuorumController", "Performing controller activation", null),
			new Harmless("org.apache.kafka.clients.NetworkClient", "reported a recoverable issue",
					"-repartition=UNKNOWN_TOPIC_OR_PARTITION"),
			new Harmless("org.apache.kafka.streams.processor.internals.StateDirectory", "Using an OS temp directory",
					null),
			new Harmless("org.apache.kafka.clients.NetworkClient",
					"Attempting to close NetworkClient that has already been closed", null));

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (level != Level.WARN || format == null) {
			return FilterReply.NEUTRAL;
		}
		for (Harmless harmless : HARMLESS) {
			if (harmless.matches(logger.getName(), format, params)) {
				return FilterReply.DENY;
			}
		}
		return FilterReply.NEUTRAL;
	}

	/**
	 * A warning that is known to be harmless in the local stack.
	 *
	 * @param logger the logger's name
	 * @param text part of the message format
	 * @param parameter part of the message or of one of its arguments, or {@code null}
	 * for any
	 */
	record Harmless(String logger, String text, String parameter) {

		boolean matches(String loggerName, String format, Object[] params) {
			// Kafka's own loggers hand over the message already formatted, others the
			// format and its arguments
			return loggerName.equals(this.logger) && format.contains(this.text)
					&& (this.parameter == null || format.contains(this.parameter)
							|| (params != null && Arrays.stream(params)
								.anyMatch((param) -> String.valueOf(param).contains(this.parameter))));
		}

	}

}
