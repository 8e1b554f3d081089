// ssegate demo page: start a demo task, follow it with EventSource, show what arrives.
// Event data is only ever written with textContent.
import { follow } from './ssegate.js';

const MAX_LOG_LINES = 500;
const TASK_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const $ = (id) => document.getElementById(id);
const ui = {
	start: $('start'),
	startSeveral: $('start-several'),
	tasks: $('tasks'),
	notice: $('notice'),
	task: $('task'),
	taskId: $('task-id'),
	connection: $('connection'),
	bar: $('bar'),
	barFill: $('bar-fill'),
	percent: $('percent'),
	status: $('status'),
	log: $('log'),
	watch: $('watch'),
	watchId: $('watch-id'),
};

let following = null; // the client's stream of the task (or tasks) on screen
let shown = 0; // bumped whenever the page follows other tasks, so that a stale stream's news is ignored
let finished = false; // whether the task on screen got its final event
let running = null; // on a stream of several tasks: the row of each task that has not ended
let attempt = 0; // bumped on every start, so that a stale answer is ignored
let renewal = null; // the timer that renews the token cookie of the task on screen

// --- Try it from a terminal -------------------------------------------------

function baseUrl() {
	const origin = window.location.origin;
	return origin && origin !== 'null' ? origin : 'http://localhost:8080';
}

function showCurlExamples() {
	const base = baseUrl();
	$('curl-listen').textContent = `curl -N '${base}/sse/register?taskId=t1'`;
	$('curl-publish').textContent = 'curl -X POST -H \'Content-Type: application/json\' '
		+ `-d '{"event":"completed","data":"ok","status":"END"}' ${base}/api/tasks/t1/events`;
}

// --- Starting ----------------------------------------------------------------

async function startDemoTask(count) {
	const mine = ++attempt;
	stopFollowing();
	hideNotice();
	ui.start.disabled = true;
	ui.startSeveral.disabled = true;
	try {
		const response = await fetch('/api/demo/tasks?count=' + count, {
			method: 'POST',
			headers: { Accept: 'application/json' },
		});
		if (mine !== attempt) {
			return;
		}
		if (response.status === 404) {
			showNotice('The demo is turned off on this gateway (ssegate.demo.enabled=false). '
				+ 'You can still publish to a task yourself: see "Try it from a terminal" below.');
			return;
		}
		if (!response.ok) {
			showNotice(`The gateway could not start a demo task (HTTP ${response.status}). Try again in a moment.`);
			return;
		}
		const body = await response.json();
		if (mine !== attempt) {
			return;
		}
		const taskIds = body && Array.isArray(body.taskIds) ? body.taskIds : [];
		if (taskIds.length !== count || !taskIds.every((taskId) => typeof taskId === 'string' && TASK_ID.test(taskId))) {
			showNotice('The gateway answered with an unexpected body.');
			return;
		}
		followTasks(taskIds);
		if (Number.isFinite(body.tokenTtlSeconds) && body.tokenTtlSeconds > 0) {
			renewTokenCookie(taskIds, body.tokenTtlSeconds);
		}
	}
	catch (error) {
		if (mine === attempt) {
			showNotice('Could not reach the gateway. Is it running?');
		}
	}
	finally {
		if (mine === attempt) {
			ui.start.disabled = false;
			ui.startSeveral.disabled = false;
		}
	}
}

function followTyped(event) {
	event.preventDefault();
	const taskId = ui.watchId.value.trim();
	if (!TASK_ID.test(taskId)) {
		showNotice('A task id is 1 to 128 letters, digits, ".", "_", ":" or "-".');
		return;
	}
	attempt++;
	ui.start.disabled = false;
	ui.startSeveral.disabled = false;
	hideNotice();
	followTasks([taskId]);
}

// --- Following ---------------------------------------------------------------

// The browser client (clients/js, copied here by the build) follows the tasks on one EventSource:
// it parses each event's data, resumes every task where it was, and stops once each task has ended.
// On a gateway that requires tokens, the demo task's subscribe token is in an HttpOnly cookie, which
// EventSource sends with every (re)connection.
function followTasks(taskIds) {
	stopFollowing();
	finished = false;
	resetTaskView(taskIds.join(', '));
	const several = taskIds.length > 1;
	if (several) {
		running = new Map(taskIds.map((taskId) => [taskId, taskRow(taskId)]));
		ui.tasks.replaceChildren(...running.values());
		ui.tasks.hidden = false;
		ui.bar.parentElement.hidden = true;
	}
	const view = ++shown;
	const current = () => view === shown;
	following = follow(taskIds, {
		onState: (state) => current() && setConnection(state),
		onEvent: (taskId, event) => current() && onEvent(taskId, event, several),
		onGap: (taskId, after) => current() && onGap(taskId, after, several),
		onError: (error) => current() && onStreamError(error),
	});
}

function onEvent(taskId, event, several) {
	appendLog(event.id, event.name, several ? JSON.stringify({ taskId, data: event.data }) : text(event.data));
	if (!finished) {
		setStatus('Running…', 'info');
	}
	if (several) {
		showTaskEvent(taskId, event);
	}
	else if (event.name === 'progress') {
		showProgress(event.data);
	}
	else if (event.name === 'completed') {
		finish('ok', 'Completed: ' + describe(event.data, ['result', 'url', 'message']));
	}
	else if (event.name === 'failed') {
		finish('error', 'Failed: ' + describe(event.data, ['error', 'message', 'reason']));
	}
}

// Several tasks on one stream: a row per task. The client ends the stream after the last task's
// final event.
function showTaskEvent(taskId, event) {
	const row = running ? running.get(taskId) : undefined;
	if (!row) {
		return;
	}
	if (event.name === 'progress') {
		const data = event.data;
		setRowPercent(row, data && typeof data === 'object' ? Number(data.percent) : Number(data));
	}
	else if (event.name === 'completed' || event.name === 'failed') {
		row.dataset.state = event.name === 'completed' ? 'ok' : 'error';
		setRowPercent(row, event.name === 'completed' ? 100 : NaN);
		running.delete(taskId);
		if (running.size === 0) {
			finish('ok', 'Every task has ended.');
		}
	}
}

function onGap(taskId, after, several) {
	appendLog('', 'gap', JSON.stringify(several ? { after, taskId } : { after }));
	const task = several ? ` of task ${taskId}` : '';
	showNotice(`Some events${task}${after ? ` after event ${after}` : ''} are no longer in the gateway's history and were skipped.`);
}

function onStreamError(error) {
	const answer = error.status ? ` (HTTP ${error.status})` : '';
	if (error.retryIn === undefined) {
		setStatus(`The gateway refused the stream${answer}.`, 'error');
	}
	else if (!finished) {
		setStatus(`The stream failed${answer}; trying again in ${Math.ceil(error.retryIn / 1000)} s.`, 'info');
	}
}

// The task's final event: the client has closed the stream (the gateway would answer 204).
function finish(kind, text) {
	finished = true;
	stopRenewing();
	setConnection('closed');
	if (kind === 'ok') {
		setPercent(100);
	}
	ui.bar.dataset.state = kind;
	setStatus(text, kind);
}

function stopFollowing() {
	stopRenewing();
	running = null;
	shown++;
	if (following) {
		following.close();
		following = null;
	}
}

// The token in the cookie is short-lived, and the gateway ends the stream when it expires; EventSource
// then reconnects, resuming after its last event. Renewing the cookie every half lifetime means that
// the reconnection always carries a valid token. A page's own backend would do this for its users.
function renewTokenCookie(taskIds, ttlSeconds) {
	stopRenewing();
	const stream = following;
	const path = '/api/demo/tasks/' + encodeURIComponent(taskIds[0]) + '/token'
		+ taskIds.slice(1).map((taskId, i) => (i === 0 ? '?' : '&') + 'also=' + encodeURIComponent(taskId)).join('');
	renewal = setInterval(async () => {
		if (stream !== following || finished) {
			stopRenewing();
			return;
		}
		try {
			const response = await fetch(path, { method: 'POST' });
			if (!response.ok && stream === following) {
				showNotice(`Could not renew the stream's token (HTTP ${response.status}).`);
			}
		}
		catch {
			// Offline for a moment: the next renewal, or EventSource's reconnection, tries again.
		}
	}, ttlSeconds * 500);
}

function stopRenewing() {
	if (renewal !== null) {
		clearInterval(renewal);
		renewal = null;
	}
}

// --- Data --------------------------------------------------------------------

// An event's data as the gateway sent it: text as-is, anything else as JSON.
function text(data) {
	return typeof data === 'string' ? data : JSON.stringify(data);
}

function showProgress(data) {
	let percent = null;
	let step = '';
	if (data && typeof data === 'object') {
		percent = Number(data.percent);
		if (Number.isFinite(Number(data.step)) && Number.isFinite(Number(data.of))) {
			step = ` · step ${data.step} of ${data.of}`;
		}
	}
	else if (typeof data === 'number') {
		percent = data;
	}
	else if (typeof data === 'string' && /^\s*\d+(\.\d+)?\s*%?\s*$/.test(data)) {
		percent = parseFloat(data);
	}
	if (percent !== null && Number.isFinite(percent)) {
		setPercent(percent, step);
	}
}

// A readable text for a final event's data: the first known field, else the data itself.
function describe(data, fields) {
	if (data && typeof data === 'object') {
		for (const field of fields) {
			if (data[field] !== undefined && data[field] !== null) {
				return String(data[field]);
			}
		}
		return JSON.stringify(data);
	}
	return data === undefined || data === null || data === '' ? '(no details)' : String(data);
}

// --- View --------------------------------------------------------------------

function resetTaskView(taskId) {
	ui.task.hidden = false;
	ui.taskId.textContent = taskId;
	ui.tasks.hidden = true;
	ui.tasks.replaceChildren();
	ui.bar.parentElement.hidden = false;
	ui.log.replaceChildren();
	ui.bar.dataset.state = 'running';
	setPercent(0);
	setStatus('Waiting for events…', 'info');
}

function taskRow(taskId) {
	const row = document.createElement('li');
	const bar = document.createElement('div');
	bar.className = 'bar';
	bar.dataset.state = 'running';
	const fill = document.createElement('div');
	fill.className = 'bar-fill';
	bar.append(fill);
	const name = document.createElement('code');
	name.textContent = taskId;
	row.append(name, bar, cell('percent', '0%'));
	return row;
}

function setRowPercent(row, value) {
	const bar = row.querySelector('.bar');
	bar.dataset.state = row.dataset.state || 'running';
	if (Number.isFinite(value)) {
		const percent = Math.max(0, Math.min(100, Math.round(value)));
		bar.firstElementChild.style.width = percent + '%';
		row.querySelector('.percent').textContent = percent + '%';
	}
}

function setPercent(value, detail = '') {
	const percent = Math.max(0, Math.min(100, Math.round(value)));
	ui.barFill.style.width = percent + '%';
	ui.bar.setAttribute('aria-valuenow', String(percent));
	ui.percent.textContent = percent + '%' + detail;
}

function setConnection(state) {
	ui.connection.dataset.state = state;
	ui.connection.textContent = state === 'reconnecting' ? 'reconnecting…' : state;
}

function setStatus(text, kind) {
	ui.status.textContent = text;
	ui.status.dataset.kind = kind;
}

function showNotice(text) {
	ui.notice.textContent = text;
	ui.notice.hidden = false;
}

function hideNotice() {
	ui.notice.hidden = true;
	ui.notice.textContent = '';
}

function appendLog(id, name, data) {
	const line = document.createElement('li');
	line.dataset.event = name;
	line.append(
		cell('time', clock(new Date())),
		cell('id', id || '—'),
		cell('name', name),
		cell('data', data),
	);
	const atBottom = ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 24;
	ui.log.append(line);
	while (ui.log.childElementCount > MAX_LOG_LINES) {
		ui.log.firstElementChild.remove();
	}
	if (atBottom) {
		ui.log.scrollTop = ui.log.scrollHeight;
	}
}

function cell(kind, text) {
	const span = document.createElement('span');
	span.className = kind;
	span.textContent = text;
	return span;
}

function clock(date) {
	const two = (n) => String(n).padStart(2, '0');
	return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.`
		+ String(date.getMilliseconds()).padStart(3, '0');
}

// --- Wiring ------------------------------------------------------------------

showCurlExamples();
ui.start.addEventListener('click', () => startDemoTask(1));
ui.startSeveral.addEventListener('click', () => startDemoTask(3));
ui.watch.addEventListener('submit', followTyped);
