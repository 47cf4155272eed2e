package io.saoma.forwarder;

import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.events.TestEvents;

/**
 * SCAN pushes of new users as the receiver publishes them, in the modes the relay tests
 * use.
 */
final class Scans {

	private Scans() {
	}

	/** A safe-mode SCAN push of a new user for the given account. */
	static WechatEvent safe(String account) {
		return TestEvents.scan("scene", "TICKET").account(account).encryption(EncryptionMode.SAFE).build();
	}

	/** A plaintext-mode SCAN push of a new user for the given account. */
	static WechatEvent plaintext(String account) {
		return TestEvents.scan("scene", "TICKET").account(account).encryption(EncryptionMode.PLAINTEXT).build();
	}

}
