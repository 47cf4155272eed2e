package io.saoma.receiver;

import io.saoma.common.ApplicationDefaults;

/**
 * The defaults of the receiver ({@code io/saoma/receiver/receiver.yml}), applied only to
 * an application started from {@link ReceiverApplication}.
 */
public class ReceiverDefaults extends ApplicationDefaults {

	public ReceiverDefaults() {
		super(ReceiverApplication.class, "io/saoma/receiver/receiver.yml");
	}

}
