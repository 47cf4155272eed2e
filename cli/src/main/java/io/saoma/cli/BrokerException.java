package io.saoma.cli;

/**
 * Kafka did not answer as needed (unreachable, topic missing, stopped answering): the
 * command prints the message and exits 1, without a stack trace.
 */
class BrokerException extends RuntimeException {

	BrokerException(String message) {
		super(message);
	}

}
