// The client against a real gateway (the built jar), with the eventsource package's EventSource.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventSource } from 'eventsource';
import { follow } from '../src/ssegate.js';
import { Gateway, freePort, until } from './gateway.mjs';

const WAIT = 30_000;
let run = 0;

/** Unique task ids for one test. */
function tasks(...names) {
	const prefix = `js-${process.pid}-${++run}-`;
	return names.map((name) => prefix + name);
}

/** Handlers that record what arrives, per task. */
function recorder() {
	const r = { events: new Map(), gaps: [], ended: [], allEnded: 0, errors: [], states: [] };
	r.handlers = {
		onEvent: (task, event) => {
			if (!r.events.has(task)) {
				r.events.set(task, []);
			}
			r.events.get(task).push(event);
		},
		onGap: (task, afterId) => r.gaps.push({ task, after: afterId }),
		onEnd: (task) => r.ended.push(task),
		onAllEnded: () => r.allEnded++,
		onError: (error) => r.errors.push(error),
		onState: (state) => r.states.push(state),
	};
	r.ids = (task) => (r.events.get(task) ?? []).map((event) => event.id);
	r.data = (task) => (r.events.get(task) ?? []).map((event) => event.data);
	r.count = (task) => (r.events.get(task) ?? []).length;
	return r;
}

/** Nothing more arrives for a while: the quiet period after the last event. */
async function quiet(r, millis = 1000) {
	const before = JSON.stringify([...r.events.values()].map((events) => events.length));
	await new Promise((resolve) => setTimeout(resolve, millis));
	assert.equal(JSON.stringify([...r.events.values()].map((events) => events.length)), before, 'no late event');
}

describe('on an anonymous gateway', () => {
	let gateway;
	before(async () => {
		gateway = await Gateway.start({ args: ['--ssegate.history.max-length=20', '--ssegate.stream.reconnect-delay=200ms'] });
	});
	after(() => gateway?.stop());

	const options = () => ({ url: gateway.url, EventSource });

	test('delivers each task its events with their data parsed, then ends', { timeout: 60_000 }, async () => {
		const [a, b] = tasks('a', 'b');
		const r = recorder();
		const following = follow([a, b], r.handlers, options());
		await until(() => r.states.includes('open'), WAIT, 'open');
		await gateway.publish(a, { event: 'progress', data: { percent: 50 } });
		await gateway.publish(b, { event: 'progress', data: 'half' });
		await gateway.publish(a, { event: 'completed', data: 'ok', status: 'END' });
		await gateway.publish(b, { event: 'failed', data: { error: 'disk full' }, status: 'ERROR' });
		await following.ended;

		assert.deepEqual(r.events.get(a).map(({ name, data }) => ({ name, data })),
			[{ name: 'progress', data: { percent: 50 } }, { name: 'completed', data: 'ok' }]);
		assert.deepEqual(r.events.get(b).map(({ name, data }) => ({ name, data })),
			[{ name: 'progress', data: 'half' }, { name: 'failed', data: { error: 'disk full' } }]);
		assert.match(r.ids(a)[0], /^m1\./);
		assert.deepEqual(r.ended.sort(), [a, b].sort());
		assert.equal(r.allEnded, 1);
	});

	test('parses a one-task stream\'s data as JSON when it is, else keeps the text', { timeout: 60_000 }, async () => {
		const [a] = tasks('a');
		const published = [await gateway.publish(a, { data: { percent: 5 } }), await gateway.publish(a, { data: '10%' })];
		published.push(await gateway.publish(a, { event: 'completed', data: 'done', status: 'END' }));
		const r = recorder();
		await follow([a], r.handlers, options()).ended;
		assert.deepEqual(r.data(a), [{ percent: 5 }, '10%', 'done']);
		assert.deepEqual(r.ids(a), published);
	});

	test('adds and removes tasks while events flow, each event once and in order', { timeout: 60_000 }, async () => {
		const [a, b, c, d] = tasks('a', 'b', 'c', 'd');
		const publish = (task, n) => gateway.publish(task, { event: 'progress', data: n });
		const r = recorder();
		const following = follow([a], r.handlers, options());
		for (let n = 1; n <= 4; n++) {
			await publish(a, n);
		}
		following.add(b);
		for (let n = 5; n <= 8; n++) {
			await Promise.all([publish(a, n), publish(b, n)]);
		}
		following.add(c);
		for (let n = 9; n <= 12; n++) {
			await Promise.all([publish(a, n), publish(b, n), publish(c, n)]);
		}
		await until(() => r.count(a) === 12, WAIT, 'a\'s events before it is removed');
		following.remove(a);
		for (let n = 13; n <= 16; n++) {
			await Promise.all([publish(a, n), publish(b, n), publish(c, n)]);
		}
		await until(() => r.count(b) === 12, WAIT, 'b\'s events before it is removed');
		following.remove(b);
		// Down to one task, whose own ids resume it when the stream grows again.
		await publish(c, 17);
		await until(() => r.count(c) === 9, WAIT, 'c alone');
		await publish(c, 18);
		following.add(d);
		await Promise.all([publish(c, 19), publish(d, 1)]);
		await gateway.publish(c, { event: 'completed', data: 'c done', status: 'END' });
		await gateway.publish(d, { event: 'completed', data: 'd done', status: 'END' });
		await following.ended;
		await quiet(r);

		const from = (first, last) => [...Array(last - first + 1).keys()].map((i) => i + first);
		assert.deepEqual(r.data(a), from(1, 12), 'a until it was removed');
		assert.deepEqual(r.data(b), from(5, 16), 'b until it was removed');
		assert.deepEqual(r.data(c), [...from(9, 19), 'c done']);
		assert.deepEqual(r.data(d), [1, 'd done']);
		assert.deepEqual(r.gaps, []);
	});

	test('stops on 204 once every task has ended', { timeout: 60_000 }, async () => {
		const [a, b] = tasks('a', 'b');
		const r = recorder();
		// No end event names: only the gateway's 204 can tell that the tasks ended.
		const following = follow([a, b], r.handlers, { ...options(), endEvents: [] });
		await until(() => r.states.includes('open'), WAIT, 'open');
		await gateway.publish(a, { event: 'completed', data: 'ok', status: 'END' });
		await gateway.publish(b, { event: 'completed', data: 'ok', status: 'END' });
		await following.ended;
		assert.deepEqual(r.ended.sort(), [a, b].sort());
		assert.equal(r.allEnded, 1);
		assert.equal(r.states.at(-1), 'closed');
	});

	test('signals a gap when a task\'s events were trimmed from its history meanwhile', { timeout: 60_000 }, async () => {
		const [a] = tasks('a');
		const r = recorder();
		const following = follow([a], r.handlers, options());
		const first = await gateway.publish(a, { event: 'progress', data: 0 });
		await until(() => r.count(a) === 1, WAIT, 'the first event');
		following.remove(a);
		for (let n = 1; n <= 30; n++) {
			await gateway.publish(a, { event: 'progress', data: n });
		}
		following.add(a);
		await until(() => r.count(a) === 21, WAIT, 'the retained events');
		following.close();
		assert.deepEqual(r.gaps, [{ task: a, after: first }]);
		assert.deepEqual(r.data(a), [0, ...[...Array(20).keys()].map((i) => i + 11)]);
	});

	test('backs off exponentially, with jitter, while the connection is refused', { timeout: 60_000 }, async () => {
		const port = await freePort();
		const opened = [];
		class CountingEventSource extends EventSource {
			constructor(url, init) {
				super(url, init);
				opened.push(performance.now());
			}
		}
		const r = recorder();
		const following = follow(tasks('a'), r.handlers,
			{ url: `http://127.0.0.1:${port}`, EventSource: CountingEventSource, backoff: { initial: 100, max: 800 } });
		await until(() => opened.length >= 6, WAIT, 'six attempts');
		following.close();

		const delays = r.errors.slice(0, 5).map((error) => error.retryIn);
		delays.forEach((delay, attempt) => {
			const step = Math.min(800, 100 * 2 ** attempt);
			assert.ok(delay >= step / 2 && delay <= step, `attempt ${attempt}: ${delay} ms within ${step / 2}..${step}`);
		});
		for (let i = 1; i < 6; i++) {
			assert.ok(opened[i] - opened[i - 1] >= delays[i - 1] - 5, `attempt ${i} waited its delay`);
		}
	});
});

describe('on a gateway that requires tokens', () => {
	let gateway;
	before(async () => {
		gateway = await Gateway.start({ secured: true, args: ['--ssegate.stream.reconnect-delay=200ms'] });
	});
	after(() => gateway?.stop());

	test('renews a short-lived token before it expires, without losing or repeating an event', { timeout: 60_000 }, async () => {
		const [a, b] = tasks('a', 'b');
		let tokens = 0;
		const token = async () => {
			tokens++;
			return gateway.token({ tasks: [a, b], ttlSeconds: 3 });
		};
		const r = recorder();
		const following = follow([a, b], r.handlers, { url: gateway.url, EventSource, token });
		const published = [];
		// 10 s: past the first token's end (3 s + the gateway's 5 s of clock skew allowance).
		for (let n = 1; n <= 40; n++) {
			published.push(await gateway.publish(n % 2 ? a : b, { event: 'progress', data: n }));
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		await gateway.publish(a, { event: 'completed', status: 'END' });
		await gateway.publish(b, { event: 'completed', status: 'END' });
		await following.ended;

		assert.deepEqual(r.data(a).slice(0, -1), [...Array(20).keys()].map((i) => 2 * i + 1));
		assert.deepEqual(r.data(b).slice(0, -1), [...Array(20).keys()].map((i) => 2 * i + 2));
		assert.deepEqual(r.errors, [], 'never refused');
		assert.ok(tokens >= 5, `renewed before each expiry (${tokens} tokens)`);
	});

	test('fetches a new token when the gateway refuses one with 401', { timeout: 60_000 }, async () => {
		const [a] = tasks('a');
		const issued = [gateway.token({ tasks: [a], ttlSeconds: 600, secret: 'not-the-gateway-key-not-the-gateway-key' })];
		const token = async () => issued.shift() ?? gateway.token({ tasks: [a], ttlSeconds: 600 });
		const r = recorder();
		const following = follow([a], r.handlers, { url: gateway.url, EventSource, token });
		await until(() => r.states.includes('open'), WAIT, 'open with the second token');
		await gateway.publish(a, { event: 'completed', data: 'ok', status: 'END' });
		await following.ended;
		assert.deepEqual(r.errors.map((error) => error.status), [401]);
		assert.deepEqual(r.data(a), ['ok']);
	});
});
