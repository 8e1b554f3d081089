package io.ssegate.gateway.stream;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadShareTests {

	@Test
	void aNodeWithinTheToleranceAboveTheAverageKeepsEveryStream() {
		// Average 100: up to 120 is within a tolerance of 0.2.
		assertThat(new LoadShare(120, List.of(120, 90, 90)).excess(0.2)).isZero();
	}

	@Test
	void aNodeAboveTheToleranceHandsOverDownToTheAverage() {
		// Average 100.
		assertThat(new LoadShare(150, List.of(150, 150, 0)).excess(0.2)).isEqualTo(50);
		assertThat(new LoadShare(121, List.of(121, 90, 89)).excess(0.2)).isEqualTo(21);
	}

	@Test
	void aNodeAtOrBelowTheAverageHandsNothingOver() {
		assertThat(new LoadShare(0, List.of(150, 150, 0)).excess(0.2)).isZero();
		assertThat(new LoadShare(5, List.of(5, 5)).excess(0)).isZero();
	}

	@Test
	void aSingleNodeAlwaysHoldsItsShare() {
		assertThat(new LoadShare(1000, List.of(1000)).excess(0.2)).isZero();
	}

	@Test
	void lessThanOneStreamAboveTheAverageIsNothingToHandOver() {
		// One stream on three nodes: the average is a third.
		assertThat(new LoadShare(1, List.of(1, 0, 0)).excess(0.2)).isZero();
	}

}
