package io.saoma.faults;

import java.util.LinkedHashSet;
import java.util.Set;

import io.saoma.schemas.DedupIds;
import io.saoma.schemas.event.EncryptionMode;
import io.saoma.schemas.event.WechatEvent;
import io.saoma.testsupport.events.EventProducer;
import io.saoma.testsupport.events.TestEvents;

/**
 * Login pushes (safe-mode SCANs of new users) as the receiver publishes them to
 * {@code wechat.events}. The forwarder's scenarios put their backlog in here directly, so
 * the receiver's JVM does not take CPU from the forwarder they measure.
 */
final class EventPushes implements AutoCloseable {

	private static final String APP_ID = "wxfa017e57000000";

	private final EventProducer producer;

	EventPushes(String bootstrapServers) {
		this.producer = new EventProducer(bootstrapServers);
	}

	/**
	 * Publishes one SCAN of a new user for an account.
	 * @param account the account id
	 * @return the push's de-duplication id, what the forwarder sends as
	 * {@code X-Saoma-Event-Id}
	 */
	String send(String account) {
		return DedupIds.of(this.producer.send(scan(account)));
	}

	/**
	 * Publishes a backlog of SCANs of new users for an account and waits until the broker
	 * has them all.
	 * @param account the account id
	 * @param count how many
	 * @return their de-duplication ids, in the order sent
	 */
	Set<String> backlog(String account, int count) {
		Set<String> sent = new LinkedHashSet<>();
		for (int i = 0; i < count; i++) {
			sent.add(send(account));
		}
		flush();
		return sent;
	}

	void flush() {
		this.producer.flush();
	}

	static WechatEvent scan(String account) {
		return TestEvents.scan("scene", "TICKET")
			.account(account)
			.appId(APP_ID)
			.toUserName("gh_fault")
			.encryption(EncryptionMode.SAFE)
			.build();
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
