package io.saoma.loginprocessor.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.saoma.loginprocessor.topology.StatusProcessor;
import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import io.saoma.schemas.login.RedemptionRequest;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.springframework.kafka.support.ProducerListener;

/**
 * Stands in for the status task in API tests: decides each redemption request the
 * template sends as the real {@link StatusProcessor} does (the first request for a
 * SUCCEEDED login with its code wins) and tells the {@link StatusUpdates}, as reading the
 * REDEEMED status back would. Paused, it keeps the requests until resumed, so that
 * several can be waiting at once.
 */
final class FakeStatusTask implements ProducerListener<String, Object> {

	private final Map<String, LoginStatus> statuses;

	private final StatusUpdates updates;

	private final List<ProducerRecord<String, Object>> waiting = new ArrayList<>();

	private boolean paused;

	FakeStatusTask(Map<String, LoginStatus> statuses, StatusUpdates updates) {
		this.statuses = statuses;
		this.updates = updates;
	}

	@Override
	public synchronized void onSuccess(ProducerRecord<String, Object> record, RecordMetadata metadata) {
		if (!(record.value() instanceof RedemptionRequest)) {
			return;
		}
		if (this.paused) {
			this.waiting.add(record);
		}
		else {
			decide(record.key(), (RedemptionRequest) record.value());
		}
	}

	synchronized void pause() {
		this.paused = true;
	}

	synchronized int waiting() {
		return this.waiting.size();
	}

	synchronized void resume() {
		this.paused = false;
		this.waiting.forEach((record) -> decide(record.key(), (RedemptionRequest) record.value()));
		this.waiting.clear();
	}

	private void decide(String loginId, RedemptionRequest request) {
		LoginStatus current = this.statuses.get(loginId);
		if (current == null || current.getState() != LoginState.SUCCEEDED || current.getCode() == null
				|| !StatusProcessor.codeHash(current.getCode()).equals(request.getCodeHash())) {
			return;
		}
		LoginStatus redeemed = LoginStatus.newBuilder(current)
			.setState(LoginState.REDEEMED)
			.setRedemptionId(request.getRequestId())
			.build();
		this.statuses.put(loginId, redeemed);
		this.updates.onStatus(loginId, redeemed);
	}

}
