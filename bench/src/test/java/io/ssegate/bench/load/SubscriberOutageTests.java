package io.ssegate.bench.load;

import java.util.concurrent.TimeUnit;

import io.ssegate.bench.load.Subscriber.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a subscriber counts the time it goes without an open stream: from the loss of a
 * stream that lasted until a stream that lasts again, answers that only say "reconnect"
 * not ending it.
 */
class SubscriberOutageTests {

	private final Subscriber subscriber = new Subscriber(0, 0, "t", 0, (subscriber, data, length) -> {
	});

	@Test
	void anOutageRunsFromTheLossToTheNextOpenThatLasts() {
		openAt(0);
		this.subscriber.streamEnded(ms(10_000));
		this.subscriber.state = State.IDLE;
		openAt(10_300);
		this.subscriber.endOutage(ms(11_000));
		assertThat(this.subscriber.lostAtNanos).isZero();
		assertThat(this.subscriber.outages).isEqualTo(1);
		assertThat(this.subscriber.longestOutageNanos).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
	}

	@Test
	void anAnswerThatOnlySaysReconnectDoesNotEndTheOutage() {
		openAt(0);
		this.subscriber.streamEnded(ms(10_000));
		// A draining node's "move" answer: open for 5 ms, then ended.
		openAt(10_100);
		this.subscriber.streamEnded(ms(10_105));
		openAt(10_900);
		this.subscriber.endOutage(ms(12_000));
		assertThat(this.subscriber.outages).isEqualTo(1);
		assertThat(this.subscriber.longestOutageNanos).isEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
	}

	@Test
	void theLongestOfSeveralOutagesIsKept() {
		openAt(0);
		this.subscriber.streamEnded(ms(10_000));
		openAt(10_200);
		this.subscriber.streamEnded(ms(20_000));
		openAt(21_500);
		this.subscriber.streamEnded(ms(30_000));
		openAt(30_100);
		this.subscriber.endOutage(ms(31_000));
		assertThat(this.subscriber.outages).isEqualTo(3);
		assertThat(this.subscriber.longestOutageNanos).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_500));
	}

	@Test
	void anOpenTooRecentToHaveLastedLeavesTheOutageOpen() {
		openAt(0);
		this.subscriber.streamEnded(ms(10_000));
		openAt(10_200);
		this.subscriber.endOutage(ms(10_300));
		assertThat(this.subscriber.lostAtNanos).isEqualTo(ms(10_000));
		assertThat(this.subscriber.longestOutageNanos).isZero();
	}

	private void openAt(long millis) {
		this.subscriber.state = State.OPEN;
		this.subscriber.openedAtNanos = ms(millis);
	}

	/** An instant, in nanoseconds: never 0, which means "none". */
	private static long ms(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis) + 1;
	}

}
