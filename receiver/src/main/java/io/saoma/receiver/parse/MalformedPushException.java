package io.saoma.receiver.parse;

/**
 * A body or inner message that is not a WeChat message we can read. The message is a
 * short reason fit for the HTTP answer; it never quotes the input.
 */
public class MalformedPushException extends Exception {

	public MalformedPushException(String reason) {
		super(reason, null, false, false);
	}

}
