package io.saoma.common;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The header that says why a record was dead-lettered, for spring-kafka's
 * {@code DeadLetterPublishingRecoverer} headers function: the first cause of the failure
 * that has a reason names it, so an operator reads "errcode-45015" or "undecodable"
 * without parsing exception messages.
 */
public final class DeadLetterReasons {

	private DeadLetterReasons() {
	}

	/**
	 * The reason header of a failure.
	 * @param name the header's name
	 * @param exception the failure, as the recoverer got it (wrapped)
	 * @param reasonOf the reason of one cause, or {@code null} if it has none
	 * @return the header, or {@code null} when no cause has a reason
	 */
	public static Headers header(String name, Exception exception, Function<Throwable, String> reasonOf) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			String reason = reasonOf.apply(cause);
			if (reason != null) {
				return new RecordHeaders().add(name, reason.getBytes(StandardCharsets.UTF_8));
			}
		}
		return null;
	}

}
