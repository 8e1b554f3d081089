package io.ssegate.e2e.devserver;

import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The page of {@code e2e/src/test/devservers/} ({@code index.html} and {@code page.js}),
 * loaded from a development server: it follows the task of its {@code ?taskId=} with an
 * {@code EventSource} through the server's proxy and records how late each event arrives.
 */
final class DevServerPage {

	private static final String READ = """
			const page = window.ssegatePage;
			return page ? { events: page.events, readyState: page.source.readyState, opens: page.opens } : null;
			""";

	private final WebDriver driver;

	DevServerPage(WebDriver driver) {
		this.driver = driver;
	}

	/**
	 * What the page has received so far.
	 * @return its stream's state, empty and connecting until the page's script has run
	 */
	Snapshot snapshot() {
		Map<?, ?> state = (Map<?, ?>) ((JavascriptExecutor) this.driver).executeScript(READ);
		if (state == null) {
			return new Snapshot(List.of(), 0, 0);
		}
		List<ReceivedEvent> events = ((List<?>) state.get("events")).stream()
			.map((event) -> (Map<?, ?>) event)
			.map((event) -> new ReceivedEvent((String) event.get("data"), number(event.get("lateMillis"))))
			.toList();
		return new Snapshot(events, (int) number(state.get("readyState")), (int) number(state.get("opens")));
	}

	private static long number(Object value) {
		return ((Number) value).longValue();
	}

	/**
	 * The page's stream at one moment.
	 *
	 * @param events the events received, in order
	 * @param readyState the EventSource's state: 0 connecting, 1 open, 2 closed
	 * @param opens how many times the stream opened
	 */
	record Snapshot(List<ReceivedEvent> events, int readyState, int opens) {

		static final int OPEN = 1;

		static final int CLOSED = 2;

	}

	/**
	 * One event as the page received it.
	 *
	 * @param data its data
	 * @param lateMillis the time from its publication to its arrival in the page
	 */
	record ReceivedEvent(String data, long lateMillis) {

	}

}
