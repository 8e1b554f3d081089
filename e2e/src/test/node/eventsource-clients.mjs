// Many spec-following EventSource clients in one process, for the end-to-end tests that need
// hundreds of streams (EventSourceClients.java starts it). Each stream follows one task and records
// what it receives; a JSON line of counts goes to stdout every 500 ms. Node's fetch, which the
// package uses, has no limit of connections per origin: one process holds thousands of streams.
//
//   node eventsource-clients.mjs --url-prefix 'http://127.0.0.1:8080/sse/register?taskId=' \
//     --tasks a,b,c --streams-per-task 100 --out result.json
//
// It stops when every stream is closed, or on a line "stop" on stdin, on stdin's end (its parent is
// gone) or on SIGTERM, which close every stream first. Then it writes the result to --out and prints
// {"done":true}.

import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { EventSource } from 'eventsource';

const { values: args } = parseArgs({
	options: {
		'url-prefix': { type: 'string' },
		tasks: { type: 'string' },
		'streams-per-task': { type: 'string', default: '1' },
		out: { type: 'string' },
	},
});
if (!args['url-prefix'] || !args.tasks || !args.out) {
	console.error('usage: node eventsource-clients.mjs --url-prefix URL --tasks id1,id2 [--streams-per-task N] --out FILE');
	process.exit(2);
}

const totals = { opens: 0, events: 0 };

// The package dispatches every event (open, error, message and each named type) through
// dispatchEvent, while listeners only hear the type they registered for: record them here.
class RecordingEventSource extends EventSource {
	constructor(task, url) {
		super(url);
		this.result = {
			task, events: [], opens: 0, errors: 0, errorStatuses: [], closedStatus: null, maxLatenessMillis: 0,
		};
	}

	dispatchEvent(event) {
		if (event.type === 'open') {
			this.result.opens++;
			totals.opens++;
		}
		else if (event.type === 'error') {
			this.recordError(event.code);
		}
		else {
			this.recordMessage(event);
		}
		return super.dispatchEvent(event);
	}

	// An ErrorEvent has the HTTP status as its code when a response failed the connection (204, 502...);
	// none after a network error or an ended response, after which the stream reconnects.
	recordError(status) {
		this.result.errors++;
		if (status !== undefined) {
			this.result.errorStatuses.push(status);
		}
		if (this.readyState === this.CLOSED) {
			this.result.closedStatus = status ?? null;
		}
	}

	recordMessage(event) {
		this.result.events.push([event.type, event.lastEventId, event.data]);
		totals.events++;
		const at = publishedAt(event.data);
		if (at !== undefined) {
			this.result.maxLatenessMillis = Math.max(this.result.maxLatenessMillis, Date.now() - at);
		}
	}
}

// The epoch millis of the data's "at" field, when the data is a JSON object with one.
function publishedAt(data) {
	if (!data.startsWith('{')) {
		return undefined;
	}
	try {
		const at = JSON.parse(data).at;
		return typeof at === 'number' ? at : undefined;
	}
	catch {
		return undefined;
	}
}

const tasks = args.tasks.split(',');
const streamCount = tasks.length * Number.parseInt(args['streams-per-task'], 10);
const streams = [];
for (let i = 0; i < streamCount; i++) {
	const task = tasks[i % tasks.length];
	streams.push(new RecordingEventSource(task, args['url-prefix'] + encodeURIComponent(task)));
}

function printProgress() {
	const count = (state) => streams.filter((stream) => stream.readyState === state).length;
	const progress = {
		streams: streams.length, open: count(EventSource.OPEN), connecting: count(EventSource.CONNECTING),
		closed: count(EventSource.CLOSED), opens: totals.opens, events: totals.events,
	};
	console.log(JSON.stringify(progress));
	return progress;
}

let finished = false;

function finish() {
	if (finished) {
		return;
	}
	finished = true;
	clearInterval(ticker);
	printProgress();
	const results = streams.map((stream) => ({ ...stream.result, readyState: stream.readyState }));
	streams.forEach((stream) => stream.close());
	writeFileSync(args.out, JSON.stringify({ streams: results }));
	console.log(JSON.stringify({ done: true }));
	process.exit(0);
}

const ticker = setInterval(() => {
	if (printProgress().closed === streams.length) {
		finish();
	}
}, 500);
createInterface({ input: process.stdin })
	.on('line', (line) => line.trim() === 'stop' && finish())
	.on('close', finish);
process.on('SIGTERM', finish);
