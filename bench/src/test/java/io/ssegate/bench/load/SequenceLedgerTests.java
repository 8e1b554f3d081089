package io.ssegate.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SequenceLedgerTests {

	private final SequenceLedger ledger = new SequenceLedger();

	@Test
	void inOrderDeliveriesAreNeitherDuplicatedNorReordered() {
		for (long sequence = 0; sequence < 5; sequence++) {
			assertThat(this.ledger.record(sequence)).isTrue();
		}
		assertThat(this.ledger.unique()).isEqualTo(5);
		assertThat(this.ledger.duplicates()).isZero();
		assertThat(this.ledger.reordered()).isZero();
		assertThat(this.ledger.missing(5)).isZero();
	}

	@Test
	void countsLossDuplicatesAndReorderings() {
		this.ledger.record(0);
		this.ledger.record(2);
		this.ledger.record(1);
		assertThat(this.ledger.record(2)).isFalse();
		this.ledger.record(5);
		assertThat(this.ledger.unique()).isEqualTo(4);
		assertThat(this.ledger.duplicates()).isEqualTo(1);
		assertThat(this.ledger.reordered()).isEqualTo(1);
		assertThat(this.ledger.missing(6)).isEqualTo(2);
	}

	@Test
	void aDeliveryBeyondWhatWasStoredIsNotNegativeLoss() {
		this.ledger.record(0);
		this.ledger.record(1);
		assertThat(this.ledger.missing(1)).isZero();
	}

}
