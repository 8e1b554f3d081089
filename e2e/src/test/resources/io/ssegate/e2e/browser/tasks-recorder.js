// Follows tasks with EventSources, through the page's origin (the load balancer), and records
// everything that arrives in window.ssegateStream for the test to read. It never closes an
// EventSource itself: after the final event, only the gateway's 204 may stop it.
// arguments[0]: the task ids. arguments[1]: true for one stream of all of them, false for one
// stream per task.
const [taskIds, together] = arguments;
const urls = together
	? ['/sse/register?' + taskIds.map((taskId) => 'taskId=' + encodeURIComponent(taskId)).join('&')]
	: taskIds.map((taskId) => '/sse/register?taskId=' + encodeURIComponent(taskId));
const sources = urls.map((url) => new EventSource(url));
const record = { sources, events: [], opens: 0, errors: 0 };
for (const source of sources) {
	const onEvent = (event) => {
		record.events.push({ type: event.type, id: event.lastEventId, data: event.data, readyState: source.readyState,
			receivedAt: Date.now() });
	};
	for (const type of ['message', 'progress', 'completed', 'failed', 'gap']) {
		source.addEventListener(type, onEvent);
	}
	source.addEventListener('open', () => record.opens++);
	source.addEventListener('error', () => record.errors++);
}
window.ssegateStream = record;
