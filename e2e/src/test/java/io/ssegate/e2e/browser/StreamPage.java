package io.ssegate.e2e.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * A page in the browser that follows a task with a plain {@code EventSource}, relative to
 * the page's origin, and records what arrives ({@code tasks-recorder.js}). Each page is
 * one tab: every call acts on its tab, whichever tab the browser showed last.
 */
final class StreamPage {

	/** {@code EventSource.OPEN}. */
	static final int OPEN = 1;

	/** {@code EventSource.CLOSED}. */
	static final int CLOSED = 2;

	private static final String TASKS_RECORDER = resource("tasks-recorder.js");

	private static final String FETCH_PROBE = resource("fetch-probe.js");

	private static final String READ = """
			const r = window.ssegateStream;
			const states = r.sources ? r.sources.map((source) => source.readyState) : [r.source.readyState];
			return { events: r.events, readyState: Math.min(...states), opens: r.opens, errors: r.errors };
			""";

	private final WebDriver driver;

	private final String window;

	StreamPage(WebDriver driver, String window) {
		this.driver = driver;
		this.window = window;
	}

	String title() {
		return this.driver.switchTo().window(this.window).getTitle();
	}

	/**
	 * Start following a task: {@code new EventSource('/sse/register?taskId=…')}.
	 * @param taskId the task
	 */
	void follow(String taskId) {
		follow(List.of(taskId), true);
	}

	/**
	 * Start following tasks: on one stream
	 * ({@code new EventSource('/sse/register?taskId=a&taskId=b…')}), or on a stream each.
	 * A {@link #snapshot()} then shows the lowest state of the streams.
	 * @param taskIds the tasks
	 * @param together whether to follow them on one stream
	 */
	void follow(List<String> taskIds, boolean together) {
		script(TASKS_RECORDER, taskIds, together);
	}

	/**
	 * Fetch a path of the site several times at once, as a page loads its resources.
	 * @param path the path
	 * @param count how many fetches
	 */
	void fetchAtOnce(String path, int count) {
		script(FETCH_PROBE, path, count);
	}

	/**
	 * How many of the fetches started by {@link #fetchAtOnce} were answered.
	 * @return the count
	 */
	int fetchesAnswered() {
		return number(script("return window.ssegateProbe.answered;"));
	}

	/**
	 * What the page has received so far.
	 * @return the state of the page's stream
	 */
	Snapshot snapshot() {
		Map<?, ?> state = (Map<?, ?>) script(READ);
		List<ReceivedEvent> events = ((List<?>) state.get("events")).stream()
			.map((event) -> (Map<?, ?>) event)
			.map((event) -> new ReceivedEvent((String) event.get("type"), (String) event.get("id"),
					(String) event.get("data"), number(event.get("readyState")),
					((Number) event.get("receivedAt")).longValue()))
			.toList();
		return new Snapshot(events, number(state.get("readyState")), number(state.get("opens")),
				number(state.get("errors")));
	}

	/**
	 * Close the page's tab, with its streams; only for a page of
	 * {@link Browser#openInNewTab}.
	 */
	void closeTab() {
		this.driver.switchTo().window(this.window).close();
	}

	private Object script(String script, Object... args) {
		this.driver.switchTo().window(this.window);
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	private static int number(Object value) {
		return ((Number) value).intValue();
	}

	private static String resource(String name) {
		try (InputStream input = StreamPage.class.getResourceAsStream(name)) {
			if (input == null) {
				throw new IllegalStateException("Missing resource " + name);
			}
			return new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The page's stream at one moment.
	 *
	 * @param events the events received, in order
	 * @param readyState the EventSource's state: 0 connecting, 1 open, 2 closed
	 * @param opens how many times the stream opened (1 + successful reconnects)
	 * @param errors how many error events (disconnects) the page saw
	 */
	record Snapshot(List<ReceivedEvent> events, int readyState, int opens, int errors) {

		boolean isOpen() {
			return this.readyState == OPEN;
		}

		boolean isClosed() {
			return this.readyState == CLOSED;
		}

	}

	/**
	 * One event as the page received it.
	 *
	 * @param type the event type ({@code event:} name, or {@code message})
	 * @param id its {@code lastEventId}
	 * @param data its data
	 * @param readyState the EventSource's state when it arrived
	 * @param receivedAt when it arrived, in the browser's clock ({@code Date.now()}, the
	 * same clock as {@link System#currentTimeMillis()} on this machine)
	 */
	record ReceivedEvent(String type, String id, String data, int readyState, long receivedAt) {

	}

}
