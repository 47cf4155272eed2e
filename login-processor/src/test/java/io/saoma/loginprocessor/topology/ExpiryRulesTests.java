package io.saoma.loginprocessor.topology;

import java.time.Duration;
import java.time.Instant;

import io.saoma.schemas.login.QrTicket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ExpiryRulesTests {

	private static final Instant EXPIRES_AT = Instant.parse("2026-11-24T08:05:00Z");

	private final ExpiryRules rules = new ExpiryRules(Duration.ofSeconds(2), Duration.ofSeconds(10));

	@Test
	void shouldTakeAScanMadeUntilTheClockSkewAfterExpiryAsInTime() {
		QrTicket ticket = ticket(EXPIRES_AT);
		long expiresAt = EXPIRES_AT.getEpochSecond();
		assertThat(this.rules.madeInTime(LoginTopologyTests.scan("user-1", "s", "T", expiresAt), ticket)).isTrue();
		assertThat(this.rules.madeInTime(LoginTopologyTests.scan("user-1", "s", "T", expiresAt + 2), ticket)).isTrue();
		assertThat(this.rules.madeInTime(LoginTopologyTests.scan("user-1", "s", "T", expiresAt + 3), ticket)).isFalse();
	}

	@Test
	void shouldExpireAPendingTicketAfterTheClockSkewAndTheGrace() {
		assertThat(this.rules.expiryDue(ticket(EXPIRES_AT))).isEqualTo(EXPIRES_AT.plusSeconds(12).toEpochMilli());
	}

	@Test
	void shouldThrowRatherThanOverflowForATicketAtTheEndOfTime() {
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> this.rules.expiryDue(ticket(Instant.ofEpochMilli(Long.MAX_VALUE - 1000))));
	}

	private static QrTicket ticket(Instant expiresAt) {
		return QrTicket.newBuilder(LoginTopologyTests.ticket("login-1", "s", "T")).setExpiresAt(expiresAt).build();
	}

}
