package io.ssegate.e2e.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import static org.awaitility.Awaitility.await;

/**
 * The demo page ({@code index.html} and {@code app.js} of the gateway) as its user sees
 * it: the button that starts a demo task, then the task's connection badge, status line,
 * notice and event log. Nothing is injected: the page follows its task by itself.
 */
final class DemoPage {

	private static final String READ = """
			const element = (id) => document.getElementById(id);
			return {
				taskId: element('task-id').textContent,
				connection: element('connection').dataset.state,
				status: element('status').dataset.kind || '',
				notice: element('notice').hidden ? '' : element('notice').textContent,
				log: [...document.querySelectorAll('#log li')].map((line) => ({
					id: line.querySelector('.id').textContent,
					name: line.dataset.event,
					data: line.querySelector('.data').textContent,
				})),
			};
			""";

	private final WebDriver driver;

	DemoPage(WebDriver driver) {
		this.driver = driver;
	}

	/**
	 * Press "Start demo task" and wait until the page follows the task it got.
	 * @return the task's id
	 */
	String startDemoTask() {
		this.driver.findElement(By.id("start")).click();
		return await("the page follows a demo task").atMost(Duration.ofSeconds(10))
			.until(this::view, (view) -> !view.taskId().isEmpty())
			.taskId();
	}

	/**
	 * Press "Start 3 tasks on one stream" and wait until the page follows the tasks it
	 * got.
	 * @return the tasks' ids
	 */
	List<String> startSeveralDemoTasks() {
		this.driver.findElement(By.id("start-several")).click();
		String taskIds = await("the page follows demo tasks").atMost(Duration.ofSeconds(10))
			.until(this::view, (view) -> !view.taskId().isEmpty())
			.taskId();
		return List.of(taskIds.split(", "));
	}

	/**
	 * What the page shows now.
	 * @return the page's view of its task
	 */
	View view() {
		Map<?, ?> state = (Map<?, ?>) ((JavascriptExecutor) this.driver).executeScript(READ);
		List<LogLine> log = ((List<?>) state.get("log")).stream()
			.map((line) -> (Map<?, ?>) line)
			.map((line) -> new LogLine((String) line.get("id"), (String) line.get("name"), (String) line.get("data")))
			.toList();
		return new View((String) state.get("taskId"), (String) state.get("connection"), (String) state.get("status"),
				(String) state.get("notice"), log);
	}

	/**
	 * The page's view of its task at one moment.
	 *
	 * @param taskId the task's id, empty before a task started
	 * @param connection the connection badge: {@code connecting}, {@code open},
	 * {@code reconnecting} or {@code closed}
	 * @param status the kind of the status line: {@code info} while the task runs,
	 * {@code ok} or {@code error} after its final event
	 * @param notice the notice shown to the user, if any (a failed renewal, a gap)
	 * @param log the events received, in order
	 */
	record View(String taskId, String connection, String status, String notice, List<LogLine> log) {

		/**
		 * Whether the page stopped following its task: after its final event, or because
		 * the gateway refused a reconnection.
		 * @return whether the connection is closed
		 */
		boolean isClosed() {
			return "closed".equals(this.connection);
		}

	}

	/**
	 * One line of the page's event log.
	 *
	 * @param id the event's id
	 * @param name the event's name
	 * @param data its data
	 */
	record LogLine(String id, String name, String data) {

	}

}
