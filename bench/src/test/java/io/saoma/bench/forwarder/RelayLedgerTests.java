package io.saoma.bench.forwarder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench's checks of what arrived at the fake Authing.
 */
class RelayLedgerTests {

	private final RelayLedger ledger = new RelayLedger();

	@Test
	void shouldCountAUsersEventArrivingAfterALaterOneAsOutOfOrder() {
		this.ledger.sent("e1", "u1", 0, 0);
		this.ledger.sent("e2", "u1", 1, 0);
		this.ledger.sent("e3", "u2", 0, 0);
		this.ledger.arrived("e2", 10);
		this.ledger.arrived("e3", 11);
		this.ledger.arrived("e1", 12);
		assertThat(this.ledger.outOfOrder()).isEqualTo(1);
		assertThat(this.ledger.arrived()).isEqualTo(3);
		assertThat(this.ledger.missing()).isZero();
	}

	@Test
	void shouldCountDuplicatesMissingAndUnknownArrivals() {
		this.ledger.sent("e1", "u1", 0, 0);
		this.ledger.sent("e2", "u1", 1, 0);
		this.ledger.arrived("e1", 10);
		this.ledger.arrived("e1", 20);
		this.ledger.arrived("other", 30);
		this.ledger.arrived(null, 40);
		assertThat(this.ledger.duplicates()).isEqualTo(1);
		assertThat(this.ledger.missing()).isEqualTo(1);
		assertThat(this.ledger.unknown()).isEqualTo(2);
		assertThat(this.ledger.arrived()).isEqualTo(1);
		assertThat(this.ledger.firstArrivalNanos()).isEqualTo(10);
		assertThat(this.ledger.lastArrivalNanos()).isEqualTo(10);
	}

}
