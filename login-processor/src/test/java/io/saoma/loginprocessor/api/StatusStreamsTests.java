package io.saoma.loginprocessor.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.saoma.schemas.login.LoginState;
import io.saoma.schemas.login.LoginStatus;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A status stream lives no longer than its ticket (plus a margin), even if the login is never decided: in virtual
 * time, so nothing waits.
 */
class StatusStreamsTests {

	private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

	@Test
	void shouldEndAPendingStreamOnceItsTicketExpiredEvenIfNoDecisionComes() {
		// the ticket expires now and no EXPIRED status ever comes: the stream ends after the margin, not never
		LoginStatus pending = new LoginStatus("login-1", "main", "wx1", LoginState.PENDING, NOW, NOW, null, null, false,
				"scene", null, null, null);
		StatusUpdates updates = new StatusUpdates();
		StatusStreams streams = new StatusStreams(new OneLogin(pending), updates, Duration.ofSeconds(1),
				Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(200));
		StepVerifier.create(streams.open("login-1").flatMapMany((events) -> events))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("status"))
			.verifyComplete();
		assertThat(updates.watchedCount()).isZero();
	}

	@Test
	void shouldKeepTheDefaultMarginSmall() {
		assertThat(StatusStreams.EXPIRY_MARGIN).isLessThanOrEqualTo(Duration.ofMinutes(1));
	}

	private static final class OneLogin extends StatusStore {

		private final LoginStatus status;

		OneLogin(LoginStatus status) {
			super(null, new HostInfo("localhost", 1));
			this.status = status;
		}

		@Override
		public LoginStatus get(String loginId) {
			return this.status.getLoginId().equals(loginId) ? this.status : null;
		}

	}

}
