// Follows a task with EventSource, through the page's origin (the load balancer), and records
// everything that arrives in window.ssegateStream for the test to read. It never closes the
// EventSource itself: after the final event, only the gateway's 204 may stop it.
// arguments[0]: the task id.
const taskId = arguments[0];
const source = new EventSource('/sse/register?taskId=' + encodeURIComponent(taskId));
const record = { source, events: [], opens: 0, errors: 0 };
const onEvent = (event) => {
	record.events.push({ type: event.type, id: event.lastEventId, data: event.data, readyState: source.readyState });
};
for (const type of ['message', 'progress', 'completed', 'failed', 'gap']) {
	source.addEventListener(type, onEvent);
}
source.addEventListener('open', () => record.opens++);
source.addEventListener('error', () => record.errors++);
window.ssegateStream = record;
