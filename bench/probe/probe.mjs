#!/usr/bin/env node
// An independent SSE probe: plain Node (v20+), the `http` module only, no dependencies.
//
// What it measures, for one system (two server nodes on one Redis):
//   * TASKS tasks x STREAMS_PER_TASK SSE streams, all opened on the subscriber node (node 2)
//     before anything is published;
//   * publishes over HTTP to node 1 at a fixed total RATE, spread evenly over the tasks
//     (task i is due at t0 + i/RATE + k*TASKS/RATE); a task's publishes go one at a time,
//     the next one only after the previous one's response arrived (a late one goes at once and
//     is counted as late; slots missed entirely are skipped and counted, so that a server that
//     falls behind never gets bursts above RATE, unless --catch-up); one keep-alive
//     http.Agent with --max-sockets sockets;
//   * every event's data is "<send time, ms> <per-task sequence number>", the send time read
//     from performance.timeOrigin + performance.now() just before the request is sent; a
//     delivery's latency is its receive time (when its chunk reached the probe) minus that;
//   * per stream: lost (acknowledged publishes never delivered), duplicated and reordered
//     (delivered after a higher sequence number) events;
//   * CPU of the server processes (the given pids and all their descendants, e.g. nginx
//     workers) and of Redis, from utime + stime in /proc/<pid>/stat;
//   * a warm-up phase, then a measured phase: CPU per delivery, latency percentiles and
//     deliveries over the measured phase only (deliveries counted when received);
//   * over the whole run, windows of --window seconds from the first publish: CPU per
//     delivery, deliveries, p50/p99 latency; from them the "time to steady state": the first
//     window start after which every window's CPU per delivery (server + Redis) is at most
//     --steady-factor (1.2) x the measured phase's.
// Before the clock starts every task gets one priming event (sequence 0) and the probe waits
// until every stream has received it, so that every stream is known to be subscribed.
//
// Usage:
//   node probe.mjs run --system NAME --subscribe URL --publish URL [--publish-format json|text]
//        --server-pids P[,P] --redis-pids P [--out FILE] [--tasks 200] [--streams-per-task 10]
//        [--rate 2000] [--warmup 30] [--seconds 20] [--window 2] [--max-sockets 64]
//        [--steady-factor 1.2] [--clk-tck 100] [--drain 10] [--run-id ID] [--catch-up]
//     URLs hold {task}; json publishes {"event":"progress","data":"<payload>"} (ssegate),
//     text publishes the payload as a text/plain body (Nchan). Prints a summary on stderr and
//     appends one JSON line (with the windows) to --out.
//   node probe.mjs table FILE [--reference SYSTEM]
//     Prints a Markdown table of the JSON lines in FILE, with ratios to the reference system
//     (default: the first line's system).

import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
const LOOP_RESOLUTION_MS = 5;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (...args) => process.stderr.write(args.join(' ') + '\n');

// --- Arguments ----------------------------------------------------------------------------

function parseArgs(argv) {
	const options = { _: [] };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg.startsWith('--')) {
			const eq = arg.indexOf('=');
			if (eq > 0) options[arg.slice(2, eq)] = arg.slice(eq + 1);
			else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options[arg.slice(2)] = argv[++i];
			else options[arg.slice(2)] = 'true';
		} else {
			options._.push(arg);
		}
	}
	return options;
}

function number(options, name, fallback) {
	const value = options[name] === undefined ? fallback : Number(options[name]);
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: not a number: ${options[name]}`);
	return value;
}

function pids(text) {
	return String(text ?? '').split(',').map((p) => p.trim()).filter(Boolean).map(Number);
}

// --- Statistics -----------------------------------------------------------------------------

/** A growable array of doubles. */
class Samples {
	constructor(capacity = 1024) {
		this.values = new Float64Array(capacity);
		this.length = 0;
	}
	add(value) {
		if (this.length === this.values.length) {
			const bigger = new Float64Array(this.values.length * 2);
			bigger.set(this.values);
			this.values = bigger;
		}
		this.values[this.length++] = value;
	}
	/** Percentiles (0..100) by nearest rank; null when empty. */
	percentiles(...ps) {
		if (this.length === 0) return ps.map(() => null);
		const sorted = this.values.slice(0, this.length).sort();
		return ps.map((p) => sorted[Math.min(this.length - 1, Math.max(0, Math.ceil((p / 100) * this.length) - 1))]);
	}
}

const round = (value, digits = 2) => (value === null || !Number.isFinite(value) ? null : Number(value.toFixed(digits)));

/** A growable byte set indexed by sequence number. */
class SeqSet {
	constructor() {
		this.bits = new Uint8Array(64);
	}
	has(seq) {
		return seq < this.bits.length && this.bits[seq] === 1;
	}
	add(seq) {
		if (seq >= this.bits.length) {
			let size = this.bits.length;
			while (size <= seq) size *= 2;
			const bigger = new Uint8Array(size);
			bigger.set(this.bits);
			this.bits = bigger;
		}
		this.bits[seq] = 1;
	}
}

// --- CPU from /proc -------------------------------------------------------------------------

/** utime + stime of one process (all its threads), in clock ticks; null when it is gone. */
function ticksOf(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// fields[0] is field 3 (state): utime is field 14, stime field 15.
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return null;
	}
}

/** The given pids and all their descendants (e.g. nginx workers), from the ppids in /proc. */
function withDescendants(roots) {
	const children = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ', 2)[1]);
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid).push(Number(entry));
		} catch {
			// gone in the meantime
		}
	}
	const all = new Set();
	const queue = [...roots];
	while (queue.length) {
		const pid = queue.pop();
		if (all.has(pid)) continue;
		all.add(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return [...all];
}

/**
 * CPU of a group of processes as a counter that only grows: a process that disappears keeps
 * what it had used; one that appears counts from when it was first seen.
 */
class CpuGroup {
	constructor(name, roots, clkTck) {
		this.name = name;
		this.roots = roots;
		this.msPerTick = 1000 / clkTck;
		this.last = new Map();
		this.totalTicks = 0;
		this.members = [];
		this.sample();
	}
	/** Reads every member; returns the group's CPU so far in ms. */
	sample() {
		this.members = withDescendants(this.roots);
		const seen = new Map();
		for (const pid of this.members) {
			const ticks = ticksOf(pid);
			if (ticks === null) continue;
			if (this.last.has(pid)) this.totalTicks += ticks - this.last.get(pid);
			seen.set(pid, ticks);
		}
		this.last = seen;
		return this.totalTicks * this.msPerTick;
	}
}

// --- SSE streams ----------------------------------------------------------------------------

class Stream {
	constructor(probe, task, index) {
		this.probe = probe;
		this.task = task; // task index
		this.index = index;
		this.seen = new SeqSet();
		this.maxSeq = -1;
		this.lastId = null;
		this.buffer = '';
		this.data = null;
		this.request = null;
		this.closed = false;
	}

	/** Opens the stream; resolves on a 200 text/event-stream answer, rejects otherwise. */
	open() {
		return new Promise((resolve, reject) => {
			const headers = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' };
			if (this.lastId !== null) headers['Last-Event-ID'] = this.lastId;
			const request = http.get(this.probe.subscribeUrl(this.task), { agent: this.probe.streamAgent, headers });
			this.request = request;
			let established = false;
			let gone = false;
			const lost = (why) => {
				if (gone) return;
				gone = true;
				this.onClose(why);
			};
			request.on('response', (response) => {
				const type = response.headers['content-type'] ?? '';
				if (response.statusCode !== 200 || !type.startsWith('text/event-stream')) {
					response.resume();
					reject(new Error(`stream ${this.index}: HTTP ${response.statusCode} ${type}`));
					return;
				}
				established = true;
				response.setEncoding('utf8');
				response.on('data', (chunk) => this.onChunk(chunk));
				response.on('end', () => lost('ended'));
				response.on('error', (error) => lost(error.code ?? error.message));
				resolve();
			});
			request.on('error', (error) => (established ? lost(error.code ?? error.message) : reject(error)));
		});
	}

	/** A stream that closed during the run resumes with Last-Event-ID, as an EventSource would. */
	onClose(why) {
		if (this.closed || this.probe.stopping) return;
		this.probe.streamErrors.push(`stream ${this.index} (task ${this.task}): ${why}`);
		this.probe.reconnects++;
		this.buffer = '';
		this.data = null;
		const retry = () => {
			if (this.closed || this.probe.stopping) return;
			this.open().catch((error) => {
				this.probe.streamErrors.push(`stream ${this.index} (task ${this.task}): reconnect: ${error.message}`);
				setTimeout(retry, 1000);
			});
		};
		setTimeout(retry, 500);
	}

	close() {
		this.closed = true;
		this.request?.destroy();
	}

	onChunk(chunk) {
		const received = now();
		let buffer = this.buffer + chunk;
		let start = 0;
		let newline;
		while ((newline = buffer.indexOf('\n', start)) !== -1) {
			let line = buffer.slice(start, newline);
			start = newline + 1;
			if (line.endsWith('\r')) line = line.slice(0, -1);
			if (line === '') {
				if (this.data !== null) this.onEvent(this.data, received);
				this.data = null;
			} else if (line.startsWith('data:')) {
				const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
				this.data = this.data === null ? value : this.data + '\n' + value;
			} else if (line.startsWith('id:')) {
				this.lastId = line.charCodeAt(3) === 32 ? line.slice(4) : line.slice(3);
			}
			// Comments (":...") and retry:/event: lines are ignored.
		}
		this.buffer = buffer.slice(start);
	}

	onEvent(data, received) {
		const space = data.indexOf(' ');
		const sent = Number(data.slice(0, space));
		const seq = Number(data.slice(space + 1));
		if (space < 0 || !Number.isFinite(sent) || !Number.isInteger(seq)) {
			this.probe.foreign++;
			return;
		}
		if (this.seen.has(seq)) {
			this.probe.duplicated++;
			return;
		}
		this.seen.add(seq);
		if (seq < this.maxSeq) this.probe.reordered++;
		else this.maxSeq = seq;
		if (seq === 0) {
			this.probe.primed++;
			return;
		}
		this.probe.onDelivery(received - sent);
	}
}

// --- The probe ------------------------------------------------------------------------------

class Probe {
	constructor(options) {
		this.system = options.system ?? 'system';
		this.subscribeTemplate = options.subscribe;
		this.publishTemplate = options.publish;
		if (!this.subscribeTemplate?.includes('{task}') || !this.publishTemplate?.includes('{task}')) {
			throw new Error('--subscribe and --publish are URLs with {task}');
		}
		this.publishFormat = options['publish-format'] ?? 'json';
		if (!['json', 'text'].includes(this.publishFormat)) throw new Error('--publish-format: json or text');
		this.tasks = number(options, 'tasks', 200);
		this.streamsPerTask = number(options, 'streams-per-task', 10);
		this.rate = number(options, 'rate', 2000);
		this.warmupSeconds = number(options, 'warmup', 30);
		this.measureSeconds = number(options, 'seconds', 20);
		this.windowSeconds = number(options, 'window', 2);
		this.steadyFactor = number(options, 'steady-factor', 1.2);
		this.drainSeconds = number(options, 'drain', 10);
		this.clkTck = number(options, 'clk-tck', 100);
		this.serverPids = pids(options['server-pids']);
		this.redisPids = pids(options['redis-pids']);
		if (!this.serverPids.length || !this.redisPids.length) throw new Error('--server-pids and --redis-pids are required');
		this.out = options.out;
		this.runId = options['run-id'] ?? crypto.randomBytes(4).toString('hex');
		this.taskIds = Array.from({ length: this.tasks }, (_, i) => `p-${this.runId}-${i}`);

		this.publishAgent = new http.Agent({ keepAlive: true, maxSockets: number(options, 'max-sockets', 64) });
		this.streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
		this.streams = [];
		this.acked = Array.from({ length: this.tasks }, () => new SeqSet());
		this.nextSeq = new Array(this.tasks).fill(1);
		this.stopping = false;

		// Counters
		this.primed = 0;
		this.deliveries = 0;
		this.duplicated = 0;
		this.reordered = 0;
		this.foreign = 0;
		this.reconnects = 0;
		this.streamErrors = [];
		this.published = 0;
		this.publishErrors = 0;
		this.publishErrorSamples = [];
		this.late = 0;
		this.skipped = 0;
		this.catchUp = options['catch-up'] !== undefined && options['catch-up'] !== 'false';
		this.publishLatency = new Samples();
		this.windowLatency = new Samples();
		this.measuredLatency = null; // a Samples during the measured phase
	}

	subscribeUrl(task) {
		return this.subscribeTemplate.replace('{task}', encodeURIComponent(this.taskIds[task]));
	}

	onDelivery(latency) {
		this.deliveries++;
		this.windowLatency.add(latency);
		this.measuredLatency?.add(latency);
	}

	/** Publishes one event; resolves true when acknowledged (2xx). Never rejects. */
	publish(task, seq) {
		return new Promise((resolve) => {
			const sent = now();
			const payload = `${sent.toFixed(3)} ${seq}`;
			const body = this.publishFormat === 'json' ? JSON.stringify({ event: 'progress', data: payload }) : payload;
			const url = this.publishTemplate.replace('{task}', encodeURIComponent(this.taskIds[task]));
			let done = false;
			const finish = (ok, why) => {
				if (done) return;
				done = true;
				if (ok) {
					this.acked[task].add(seq);
					if (seq > 0) {
						this.published++;
						this.publishLatency.add(now() - sent);
					}
				} else {
					this.publishErrors++;
					if (this.publishErrorSamples.length < 5) this.publishErrorSamples.push(why);
				}
				resolve(ok);
			};
			const request = http.request(url, {
				method: 'POST',
				agent: this.publishAgent,
				headers: {
					'Content-Type': this.publishFormat === 'json' ? 'application/json' : 'text/plain',
					'Content-Length': Buffer.byteLength(body),
				},
			});
			request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
			request.on('response', (response) => {
				response.resume();
				response.on('end', () => finish(response.statusCode >= 200 && response.statusCode < 300, `HTTP ${response.statusCode}`));
				response.on('error', (error) => finish(false, error.message));
			});
			request.on('error', (error) => finish(false, error.code ?? error.message));
			request.end(body);
		});
	}

	async openStreams() {
		for (let task = 0; task < this.tasks; task++) {
			for (let i = 0; i < this.streamsPerTask; i++) this.streams.push(new Stream(this, task, this.streams.length));
		}
		let next = 0;
		const opener = async () => {
			while (next < this.streams.length) await this.streams[next++].open();
		};
		await Promise.all(Array.from({ length: 50 }, opener));
	}

	/** Publishes sequence 0 to every task and waits until every stream has received it. */
	async prime() {
		await Promise.all(this.taskIds.map((_, task) => this.publish(task, 0)));
		const deadline = now() + 30_000;
		while (this.primed < this.streams.length) {
			if (now() > deadline) throw new Error(`only ${this.primed} of ${this.streams.length} streams got the priming event`);
			await sleep(20);
		}
	}

	/**
	 * One task's publishing loop: due times on a fixed grid, one publish at a time. A publish
	 * that is due while the previous one still waits for its response goes as soon as that
	 * response arrives (late); slots that passed entirely are skipped (unless --catch-up), so
	 * the rate never goes above the nominal one.
	 */
	async publishLoop(task, t0, end) {
		const interval = (1000 * this.tasks) / this.rate;
		const base = t0 + (1000 * task) / this.rate;
		for (let k = 0; ; k++) {
			if (base + k * interval >= end) return;
			const wait = base + k * interval - now();
			if (wait > 0) {
				await sleep(wait);
			} else {
				if (!this.catchUp && -wait >= interval) {
					const behind = Math.min(Math.floor(-wait / interval), Math.ceil((end - base) / interval) - k);
					k += behind;
					this.skipped += behind;
					if (base + k * interval >= end) return;
				}
				if (now() - (base + k * interval) > interval / 2) this.late++;
			}
			await this.publish(task, this.nextSeq[task]++);
		}
	}

	snapshot() {
		const cpu = process.cpuUsage();
		return {
			t: now(),
			server: this.serverCpu.sample(),
			redis: this.redisCpu.sample(),
			probe: (cpu.user + cpu.system) / 1000,
			deliveries: this.deliveries,
			published: this.published,
		};
	}

	async run() {
		const started = now();
		log(`[${this.system}] opening ${this.tasks * this.streamsPerTask} streams (${this.tasks} tasks x ${this.streamsPerTask}), run ${this.runId}`);
		await this.openStreams();
		log(`[${this.system}] ${this.streams.length} streams open in ${((now() - started) / 1000).toFixed(1)} s; priming`);
		await this.prime();
		this.windowLatency = new Samples();

		this.serverCpu = new CpuGroup('server', this.serverPids, this.clkTck);
		this.redisCpu = new CpuGroup('redis', this.redisPids, this.clkTck);
		log(`[${this.system}] server processes: ${this.serverCpu.members.join(',')}; redis: ${this.redisCpu.members.join(',')}`);
		const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
		loopDelay.enable();

		const window = this.windowSeconds * 1000;
		const t0 = now() + 200;
		const measureStart = t0 + this.warmupSeconds * 1000;
		const end = measureStart + this.measureSeconds * 1000;
		log(`[${this.system}] publishing ${this.rate}/s: ${this.warmupSeconds} s warm-up, ${this.measureSeconds} s measured`);

		// Samples: at every window boundary and at the start and end of the measured phase.
		const windows = [];
		let measured = null;
		let windowStart = null;
		const sampler = (async () => {
			const windowBoundaries = new Set([end]);
			for (let k = 0; t0 + k * window < end; k++) windowBoundaries.add(t0 + k * window);
			const boundaries = new Set([...windowBoundaries, measureStart]);
			for (const boundary of [...boundaries].sort((a, b) => a - b)) {
				const wait = boundary - now();
				if (wait > 0) await sleep(wait);
				const snap = this.snapshot();
				if (boundary === measureStart) {
					measured = { start: snap };
					this.measuredLatency = new Samples(Math.max(1024, this.rate * this.streamsPerTask * this.measureSeconds));
				}
				if (boundary === end) {
					measured.end = snap;
					measured.latency = this.measuredLatency;
					this.measuredLatency = null;
				}
				if (windowBoundaries.has(boundary)) {
					if (windowStart) windows.push(this.window(windowStart, snap, t0));
					windowStart = snap;
					this.windowLatency = new Samples();
				}
			}
		})();
		await Promise.all([sampler, ...this.taskIds.map((_, task) => this.publishLoop(task, t0, end))]);
		loopDelay.disable();

		// Drain: wait until every acknowledged publish reached every stream (or --drain seconds).
		const drainUntil = now() + this.drainSeconds * 1000;
		let lost = this.countLost();
		while (lost > 0 && now() < drainUntil) {
			await sleep(100);
			lost = this.countLost();
		}
		this.stopping = true;
		for (const stream of this.streams) stream.close();
		this.publishAgent.destroy();
		return this.result(measured, windows, lost, loopDelay, t0);
	}

	countLost() {
		let lost = 0;
		for (const stream of this.streams) {
			const acked = this.acked[stream.task];
			for (let seq = 1; seq < this.nextSeq[stream.task]; seq++) {
				if (acked.has(seq) && !stream.seen.has(seq)) lost++;
			}
		}
		return lost;
	}

	window(from, to, t0) {
		const deliveries = to.deliveries - from.deliveries;
		const perDelivery = (ms) => (deliveries ? (ms * 1000) / deliveries : null);
		const server = to.server - from.server;
		const redis = to.redis - from.redis;
		const [p50, p99] = this.windowLatency.percentiles(50, 99);
		return {
			start: round((from.t - t0) / 1000, 3),
			end: round((to.t - t0) / 1000, 3),
			published: to.published - from.published,
			deliveries,
			cpuMs: { server: round(server, 0), redis: round(redis, 0), probe: round(to.probe - from.probe, 0) },
			cpuUsPerDelivery: { server: round(perDelivery(server)), redis: round(perDelivery(redis)), total: round(perDelivery(server + redis)) },
			latencyMs: { p50: round(p50), p99: round(p99) },
		};
	}

	result(measured, windows, lost, loopDelay, t0) {
		const { start, end, latency } = measured;
		const seconds = (end.t - start.t) / 1000;
		const deliveries = end.deliveries - start.deliveries;
		const server = end.server - start.server;
		const redis = end.redis - start.redis;
		const perDelivery = (ms) => (deliveries ? (ms * 1000) / deliveries : null);
		const total = perDelivery(server + redis);
		const [p50, p90, p99, p999, max] = latency.percentiles(50, 90, 99, 99.9, 100);
		const [pub50, pub99] = this.publishLatency.percentiles(50, 99);

		// Time to steady state: the first window start after which every window is within
		// steadyFactor x the measured CPU per delivery.
		let steady = null;
		if (total !== null) {
			for (let i = windows.length - 1; i >= 0; i--) {
				const value = windows[i].cpuUsPerDelivery.total;
				if (value === null || value > this.steadyFactor * total) break;
				steady = Math.max(0, Math.round(windows[i].start));
			}
		}
		return {
			system: this.system,
			date: new Date().toISOString(),
			runId: this.runId,
			tasks: this.tasks,
			streamsPerTask: this.streamsPerTask,
			streams: this.streams.length,
			rate: this.rate,
			warmupSeconds: this.warmupSeconds,
			measureSeconds: this.measureSeconds,
			windowSeconds: this.windowSeconds,
			serverPids: this.serverCpu.members,
			redisPids: this.redisCpu.members,
			published: this.published,
			publishErrors: this.publishErrors,
			publishErrorSamples: this.publishErrorSamples,
			latePublishes: this.late,
			skippedPublishes: this.skipped,
			catchUp: this.catchUp,
			publishLatencyMs: { p50: round(pub50), p99: round(pub99) },
			measured: {
				seconds: round(seconds, 3),
				published: end.published - start.published,
				publishRate: round((end.published - start.published) / seconds, 1),
				deliveries,
				deliveryRate: round(deliveries / seconds, 1),
				cpuMs: { server: round(server, 0), redis: round(redis, 0), probe: round(end.probe - start.probe, 0) },
				cpuCores: { server: round(server / 1000 / seconds, 3), redis: round(redis / 1000 / seconds, 3), probe: round((end.probe - start.probe) / 1000 / seconds, 3) },
				cpuUsPerDelivery: { server: round(perDelivery(server)), redis: round(perDelivery(redis)), total: round(total) },
				latencyMs: { p50: round(p50), p90: round(p90), p99: round(p99), p999: round(p999), max: round(max) },
			},
			deliveries: this.deliveries,
			expectedDeliveries: this.published * this.streamsPerTask,
			lost,
			duplicated: this.duplicated,
			reordered: this.reordered,
			foreignEvents: this.foreign,
			reconnects: this.reconnects,
			streamErrors: this.streamErrors.slice(0, 5),
			// How late the probe's own event loop ran (beyond the sampling timer's resolution): a
			// high value means the probe, not the server, added latency.
			probeEventLoopDelayMs: {
				p50: round(Math.max(0, loopDelay.percentile(50) / 1e6 - LOOP_RESOLUTION_MS)),
				p99: round(Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS)),
				max: round(Math.max(0, loopDelay.max / 1e6 - LOOP_RESOLUTION_MS)),
			},
			steadyFactor: this.steadyFactor,
			steadyStateSeconds: steady,
			windows,
		};
	}
}

function summary(r) {
	const m = r.measured;
	const lines = [
		`[${r.system}] ${r.streams} streams, ${r.tasks} tasks, ${r.rate} publishes/s; measured ${m.seconds} s after ${r.warmupSeconds} s warm-up`,
		`  published ${m.published} (${m.publishRate}/s), delivered ${m.deliveries} (${m.deliveryRate}/s)`,
		`  CPU per delivery: server ${m.cpuUsPerDelivery.server} us, redis ${m.cpuUsPerDelivery.redis} us, total ${m.cpuUsPerDelivery.total} us` +
			` (cores: server ${m.cpuCores.server}, redis ${m.cpuCores.redis}, probe ${m.cpuCores.probe})`,
		`  latency ms: p50 ${m.latencyMs.p50}, p90 ${m.latencyMs.p90}, p99 ${m.latencyMs.p99}, p99.9 ${m.latencyMs.p999}, max ${m.latencyMs.max}`,
		`  whole run: published ${r.published} (errors ${r.publishErrors}, late ${r.latePublishes}, skipped ${r.skippedPublishes}; publish ms p50 ${r.publishLatencyMs.p50} p99 ${r.publishLatencyMs.p99}),` +
			` delivered ${r.deliveries} of ${r.expectedDeliveries}; lost ${r.lost}, duplicated ${r.duplicated}, reordered ${r.reordered}, reconnects ${r.reconnects}`,
		`  probe event loop delay ms: p50 ${r.probeEventLoopDelayMs.p50}, p99 ${r.probeEventLoopDelayMs.p99}, max ${r.probeEventLoopDelayMs.max}`,
		`  time to steady state (CPU/delivery <= ${r.steadyFactor} x measured): ${r.steadyStateSeconds === null ? 'never' : r.steadyStateSeconds + ' s'}`,
		`  windows (start s: deliveries, total us/delivery, p50/p99 ms):`,
	];
	for (const w of r.windows) {
		lines.push(`    ${String(w.start).padStart(6)}: ${String(w.deliveries).padStart(7)}  ${String(w.cpuUsPerDelivery.total).padStart(8)}  ${w.latencyMs.p50}/${w.latencyMs.p99}`);
	}
	if (r.publishErrorSamples.length) lines.push(`  publish errors, e.g.: ${r.publishErrorSamples.join('; ')}`);
	if (r.streamErrors.length) lines.push(`  stream errors, e.g.: ${r.streamErrors.join('; ')}`);
	return lines.join('\n');
}

// --- Table -------------------------------------------------------------------------------------

function table(file, reference) {
	const rows = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
	if (!rows.length) throw new Error(`no results in ${file}`);
	const ref = rows.find((r) => r.system === reference) ?? rows[0];
	const f = (value) => (value === null || value === undefined ? '–' : String(value));
	const out = [
		`${ref.streams} streams (${ref.tasks} tasks x ${ref.streamsPerTask}), ${ref.rate} publishes/s, ${ref.warmupSeconds} s warm-up + ${ref.measureSeconds} s measured, windows of ${ref.windowSeconds} s`,
		'',
		'| system | server µs/delivery | Redis µs/delivery | total µs/delivery | p50 ms | p99 ms | deliveries (measured) | lost / dup / reordered | steady state after |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const r of rows) {
		const m = r.measured;
		out.push(`| ${r.system} | ${f(m.cpuUsPerDelivery.server)} | ${f(m.cpuUsPerDelivery.redis)} | ${f(m.cpuUsPerDelivery.total)} | ${f(m.latencyMs.p50)} | ${f(m.latencyMs.p99)} | ${m.deliveries} | ${r.lost} / ${r.duplicated} / ${r.reordered} | ${r.steadyStateSeconds === null ? 'never' : r.steadyStateSeconds + ' s'} |`);
	}
	const ratio = (a, b) => (a === null || b === null || b === 0 ? '–' : (a / b).toFixed(2) + '×');
	for (const r of rows) {
		if (r === ref) continue;
		const a = r.measured;
		const b = ref.measured;
		const steadyOf = (x) => (x.steadyStateSeconds === null ? 'never' : x.steadyStateSeconds + ' s');
		const steady = `${steadyOf(r)} vs ${steadyOf(ref)}`;
		out.push(`| ${r.system} ÷ ${ref.system} | ${ratio(a.cpuUsPerDelivery.server, b.cpuUsPerDelivery.server)} | ${ratio(a.cpuUsPerDelivery.redis, b.cpuUsPerDelivery.redis)} | ${ratio(a.cpuUsPerDelivery.total, b.cpuUsPerDelivery.total)} | ${ratio(a.latencyMs.p50, b.latencyMs.p50)} | ${ratio(a.latencyMs.p99, b.latencyMs.p99)} | ${ratio(a.deliveries, b.deliveries)} | | ${steady} |`);
	}
	return out.join('\n');
}

// --- Main ----------------------------------------------------------------------------------------

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const command = options._[0];
	if (command === 'run') {
		const probe = new Probe(options);
		const result = await probe.run();
		log(summary(result));
		if (probe.out) fs.appendFileSync(probe.out, JSON.stringify(result) + '\n');
		else process.stdout.write(JSON.stringify(result) + '\n');
	} else if (command === 'table') {
		process.stdout.write(table(options._[1], options.reference) + '\n');
	} else {
		log('usage: probe.mjs run --system NAME --subscribe URL --publish URL ... | probe.mjs table FILE (see the header of this file)');
		process.exit(2);
	}
}

main().catch((error) => {
	log(`probe: ${error.stack ?? error}`);
	process.exit(1);
});
