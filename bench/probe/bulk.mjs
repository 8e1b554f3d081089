#!/usr/bin/env node
// Bulk publishing against one publish per request, on one gateway node: the node's and
// Redis's CPU per published event at the same event rate, over HTTP, with Node's plain
// `http` module. Nothing subscribes: the delivery side costs the same either way.
//
//   node bulk.mjs --url http://127.0.0.1:8081 --node-pid P --redis-pid P
//        [--rate 2000] [--tasks 200] [--batch-ms 10] [--warmup 20] [--seconds 20] [--clk-tck 100]
//
// single: POST /api/tasks/{task}/events, one event per request, a task's events one at a
//         time (the next once the previous is answered), tasks side by side;
// bulk:   every --batch-ms, one POST /api/events with the events due in that slot (at
//         2000/s and 10 ms, 20 events of 20 tasks).
// Each mode warms up, then is measured. Prints one JSON line per mode and their ratio.
import http from 'node:http';
import fs from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
	(arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const url = new URL(args.url);
const rate = Number(args.rate ?? 2000);
const tasks = Number(args.tasks ?? 200);
const batchMs = Number(args['batch-ms'] ?? 10);
const warmup = Number(args.warmup ?? 20);
const seconds = Number(args.seconds ?? 20);
const clkTck = Number(args['clk-tck'] ?? 100);
const pids = { node: args['node-pid'], redis: args['redis-pid'] };
const run = Math.random().toString(36).slice(2, 8);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function cpuMs(pid) {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / clkTck;
}

function post(path, body) {
	return new Promise((resolve, reject) => {
		const request = http.request({ host: url.hostname, port: url.port, path, method: 'POST', agent,
			headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk) => { text += chunk; });
			response.on('end', () => (response.statusCode < 300 ? resolve(text) : reject(new Error(`${response.statusCode} ${text}`))));
		});
		request.on('error', reject);
		request.end(body);
	});
}

// Publishes at `rate` for `duration` seconds; returns the events published.
async function drive(mode, prefix, duration) {
	const end = performance.now() + duration * 1000;
	let published = 0;
	let failures = 0;
	if (mode === 'single') {
		const perTask = rate / tasks;
		await Promise.all(Array.from({ length: tasks }, async (_, task) => {
			let next = performance.now() + (task / rate) * 1000;
			for (let seq = 0; next < end; seq++) {
				const wait = next - performance.now();
				if (wait > 0) await sleep(wait);
				await post(`/api/tasks/${prefix}-${task}/events`, JSON.stringify({ event: 'progress', data: `${seq}` }))
					.then(() => { published++; }, () => { failures++; });
				next += 1000 / perTask;
			}
		}));
	}
	else {
		const perBatch = Math.round((rate * batchMs) / 1000);
		const inFlight = [];
		let seq = 0;
		for (let next = performance.now(); next < end; next += batchMs) {
			const wait = next - performance.now();
			if (wait > 0) await sleep(wait);
			const events = Array.from({ length: perBatch }, () => {
				const task = seq % tasks;
				return { taskId: `${prefix}-${task}`, event: 'progress', data: `${seq++}` };
			});
			inFlight.push(post('/api/events', JSON.stringify({ events })).then((text) => {
				const results = JSON.parse(text).results;
				published += results.filter((result) => result.id).length;
				failures += results.filter((result) => !result.id).length;
			}, () => { failures += perBatch; }));
		}
		await Promise.all(inFlight);
	}
	return { published, failures };
}

const results = [];
for (const mode of ['single', 'bulk']) {
	await drive(mode, `${mode}-w-${run}`, warmup);
	const before = { node: cpuMs(pids.node), redis: cpuMs(pids.redis), at: performance.now() };
	const { published, failures } = await drive(mode, `${mode}-${run}`, seconds);
	const elapsed = (performance.now() - before.at) / 1000;
	const node = cpuMs(pids.node) - before.node;
	const redis = cpuMs(pids.redis) - before.redis;
	const result = { mode, rate, tasks, batchMs, warmupSeconds: warmup, seconds: elapsed, published, failures,
		eventsPerSecond: published / elapsed, cpuUsPerEvent: { node: (node * 1000) / published, redis: (redis * 1000) / published } };
	results.push(result);
	console.log(JSON.stringify(result));
}
const [single, bulk] = results;
console.error(`bulk / single CPU per event: node ${(bulk.cpuUsPerEvent.node / single.cpuUsPerEvent.node).toFixed(2)}x, `
	+ `redis ${(bulk.cpuUsPerEvent.redis / single.cpuUsPerEvent.redis).toFixed(2)}x`);
agent.destroy();
