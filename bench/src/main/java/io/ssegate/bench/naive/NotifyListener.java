package io.ssegate.bench.naive;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The seed design's listener: the emitters of each task in a map, and an {@code @Async}
 * listener that sends every event to each of them in turn, on Spring Boot's task
 * executor. Two fixes over the blog post, so that the benchmark measures the design and
 * not its bugs: thread-safe collections, and a failed send drops that client instead of
 * aborting the loop.
 */
@Component
class NotifyListener {

	private final Map<String, List<SseEmitter>> emitters = new ConcurrentHashMap<>();

	void addClient(String taskId, SseEmitter emitter) {
		this.emitters.computeIfAbsent(taskId, (key) -> new CopyOnWriteArrayList<>()).add(emitter);
		emitter.onCompletion(() -> remove(taskId, emitter));
		emitter.onTimeout(() -> remove(taskId, emitter));
		emitter.onError((ex) -> remove(taskId, emitter));
	}

	@Async
	@EventListener
	public void handler(NaiveEvent event) {
		List<SseEmitter> clients = this.emitters.getOrDefault(event.taskId(), List.of());
		for (SseEmitter client : clients) {
			try {
				SseEmitter.SseEventBuilder frame = SseEmitter.event().data((event.data() != null) ? event.data() : "");
				client.send((event.name() != null) ? frame.name(event.name()) : frame);
				if (event.isTerminal()) {
					client.complete();
				}
			}
			catch (IOException | IllegalStateException ex) {
				remove(event.taskId(), client);
			}
		}
		if (event.isTerminal()) {
			this.emitters.remove(event.taskId());
		}
	}

	private void remove(String taskId, SseEmitter emitter) {
		List<SseEmitter> clients = this.emitters.get(taskId);
		if (clients != null) {
			clients.remove(emitter);
		}
	}

}
