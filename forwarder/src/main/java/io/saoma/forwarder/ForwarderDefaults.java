package io.saoma.forwarder;

import io.saoma.common.ApplicationDefaults;

/**
 * The defaults of the forwarder ({@code io/saoma/forwarder/forwarder.yml}), applied only
 * to an application started from {@link ForwarderApplication}.
 */
public class ForwarderDefaults extends ApplicationDefaults {

	public ForwarderDefaults() {
		super(ForwarderApplication.class, "io/saoma/forwarder/forwarder.yml");
	}

}
