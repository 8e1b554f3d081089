// Follows the task of the page's ?taskId= through the development server's proxy, as a front
// end under development would, and records how late each event arrives (its data's "at" is
// the epoch millis at which the test published it) in window.ssegatePage for the test to read.
const taskId = new URLSearchParams(window.location.search).get('taskId');
const source = new EventSource('/sse/register?taskId=' + encodeURIComponent(taskId));
const page = { source, opens: 0, errors: 0, events: [] };
source.onopen = () => page.opens++;
source.onerror = () => page.errors++;
source.onmessage = (event) => {
	page.events.push({ data: event.data, lateMillis: Date.now() - JSON.parse(event.data).at });
};
window.ssegatePage = page;
