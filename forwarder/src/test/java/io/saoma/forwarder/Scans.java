package io.saoma.forwarder;

import java.util.ArrayList;
import java.util.List;

import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.events.EventProducer;
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

	/**
	 * Publishes safe-mode SCAN pushes of new users for an account and waits until the
	 * broker has them all.
	 * @param pushes the producer
	 * @param account the account
	 * @param count how many
	 * @return their event ids, in the order sent
	 */
	static List<String> publishSafe(EventProducer pushes, String account, int count) {
		List<String> sent = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			sent.add(pushes.send(safe(account)).getEventId());
		}
		pushes.flush();
		return sent;
	}

}
