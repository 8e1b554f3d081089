package io.ssegate.e2e.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * A page of the gateway's origin that follows tasks with the browser client
 * ({@code /ssegate.js}, from {@code clients/js}) and records what arrives
 * ({@code client-page.js}).
 */
final class ClientPage {

	private static final String CLIENT_PAGE = resource("client-page.js");

	private static final String READ = """
			const r = window.ssegateClient;
			const data = {};
			for (const [task, events] of Object.entries(r.events)) {
				data[task] = events.map((event) => JSON.stringify(event.data));
			}
			return { data, gaps: r.gaps, errors: r.errors, tokens: r.tokens, ended: r.ended };
			""";

	private final JavascriptExecutor driver;

	ClientPage(WebDriver driver) {
		this.driver = (JavascriptExecutor) driver;
	}

	/**
	 * Start following tasks on one stream.
	 * @param tasks the tasks
	 * @param tokenUrl where the page fetches its tokens ({@code ?tasks=a,b}), or
	 * {@code null} on anonymous nodes
	 */
	void follow(List<String> tasks, String tokenUrl) {
		Object started = this.driver.executeAsyncScript(CLIENT_PAGE, tasks, tokenUrl);
		if (!Boolean.TRUE.equals(started)) {
			throw new IllegalStateException("The page could not load the client: " + started);
		}
	}

	void add(String task) {
		this.driver.executeScript("window.ssegateClient.following.add(arguments[0]);", task);
	}

	void remove(String task) {
		this.driver.executeScript("window.ssegateClient.following.remove(arguments[0]);", task);
	}

	/**
	 * What the page has received so far.
	 * @return the page's record
	 */
	Received received() {
		Map<?, ?> state = (Map<?, ?>) this.driver.executeScript(READ);
		Map<String, List<String>> data = new LinkedHashMap<>();
		((Map<?, ?>) state.get("data")).forEach((task, values) -> data.put((String) task,
				((List<?>) values).stream().map(String.class::cast).toList()));
		return new Received(data, strings(state.get("gaps")), strings(state.get("errors")),
				((Number) state.get("tokens")).intValue(), Boolean.TRUE.equals(state.get("ended")));
	}

	private static List<String> strings(Object list) {
		return ((List<?>) list).stream().map(String::valueOf).toList();
	}

	private static String resource(String name) {
		try (InputStream input = ClientPage.class.getResourceAsStream(name)) {
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
	 * What the page received.
	 *
	 * @param data each task's event data, as JSON, in the order they arrived
	 * @param gaps the tasks of the gap signals
	 * @param errors the stream's failures, as JSON
	 * @param tokens how many tokens the page fetched
	 * @param ended whether every task has ended
	 */
	record Received(Map<String, List<String>> data, List<String> gaps, List<String> errors, int tokens, boolean ended) {

		List<String> of(String task) {
			return this.data.getOrDefault(task, List.of());
		}

	}

}
