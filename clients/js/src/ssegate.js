// ssegate browser client: follow several tasks on one EventSource of an ssegate gateway.
// No dependency; runs in browsers and in Node 18+ (pass an EventSource class as options.EventSource).
// The wire format is in docs/protocol.md ("Several tasks on one stream").

/** Event names followed unless options.events says otherwise. */
export const DEFAULT_EVENTS = Object.freeze(['message', 'progress', 'completed', 'failed']);

/** Event names that end their task unless options.endEvents says otherwise (notifier-client's complete and fail). */
export const DEFAULT_END_EVENTS = Object.freeze(['completed', 'failed']);

/** Backoff after a failed connection unless options.backoff says otherwise, in milliseconds. */
export const DEFAULT_BACKOFF = Object.freeze({ initial: 1000, max: 30000 });

/** How long before its expiry a token is renewed (at most half its lifetime), in milliseconds. */
export const DEFAULT_RENEW_BEFORE = 10000;

const TASK_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MULTI_TASK_ID = 'm1';
const CONNECTING = 0;
const CLOSED = 2;

/**
 * Follow tasks on one stream. See README.md for the handlers and options.
 * @returns {Following} the handle: add, remove, close
 */
export function follow(tasks, handlers = {}, options = {}) {
	return new Following(tasks, handlers, options);
}

/** The tasks that one stream follows, and that stream. */
class Following {
	#tasks;
	#handlers;
	#options;
	#EventSource;
	#ended = new Set();
	#source = null;
	#sourceTasks = [];
	#opened = false;
	#lastId = null;
	#lastIdTask = null; // the task of a task's own id (not an m1 id)
	#token = null;
	#attempt = 0;
	#generation = 0;
	#retryTimer = null;
	#renewTimer = null;
	#closed = false;
	#resolveEnded;

	/** Resolves when every task has ended; stays pending if the handle is closed first. */
	ended;

	constructor(tasks, handlers, options) {
		this.#tasks = [];
		for (const task of tasks) {
			if (!this.#tasks.includes(checkTask(task))) {
				this.#tasks.push(task);
			}
		}
		this.#handlers = handlers;
		this.#options = options;
		this.#EventSource = options.EventSource ?? globalThis.EventSource;
		if (typeof this.#EventSource !== 'function') {
			throw new TypeError('No EventSource: pass options.EventSource');
		}
		this.ended = new Promise((resolve) => {
			this.#resolveEnded = resolve;
		});
		this.#connect();
	}

	/** The tasks followed, in order. */
	get tasks() {
		return [...this.#tasks];
	}

	/** The id of the last event delivered, which resumes every task. */
	get lastEventId() {
		return this.#lastId;
	}

	/** Follow one more task on the stream; reopens it where every task is. */
	add(task) {
		if (this.#closed || this.#tasks.includes(checkTask(task))) {
			return;
		}
		this.#tasks.push(task);
		this.#reconnectNow();
	}

	/** Stop following a task; reopens the stream where the others are. */
	remove(task) {
		const index = this.#tasks.indexOf(task);
		if (this.#closed || index < 0) {
			return;
		}
		this.#tasks.splice(index, 1);
		this.#ended.delete(task);
		if (this.#tasks.length > 0 && this.#tasks.every((t) => this.#ended.has(t))) {
			this.#finish();
			return;
		}
		this.#reconnectNow();
	}

	/** Close the stream for good. */
	close() {
		this.#closed = true;
		this.#generation++;
		this.#stopSource();
		clearTimeout(this.#retryTimer);
		clearTimeout(this.#renewTimer);
		this.#state('closed');
	}

	#reconnectNow() {
		this.#attempt = 0;
		this.#connect();
	}

	// Opens a new EventSource (closing the current one) after fetching a token when needed.
	async #connect() {
		const generation = ++this.#generation;
		clearTimeout(this.#retryTimer);
		this.#stopSource();
		if (this.#tasks.length === 0) {
			this.#state('idle');
			return;
		}
		this.#state('connecting');
		if (this.#options.token && this.#token === null) {
			try {
				await this.#renewToken();
			}
			catch (error) {
				if (generation === this.#generation) {
					this.#retryLater({ error });
				}
				return;
			}
			if (generation !== this.#generation) {
				return;
			}
		}
		this.#open();
	}

	#open() {
		const tasks = this.#urlTasks();
		const source = new this.#EventSource(this.#url(tasks),
			this.#options.withCredentials ? { withCredentials: true } : undefined);
		this.#source = source;
		this.#sourceTasks = tasks;
		this.#opened = false;
		source.addEventListener('open', () => {
			if (source === this.#source) {
				this.#opened = true;
				this.#attempt = 0;
				this.#state('open');
			}
		});
		const events = this.#options.events ?? DEFAULT_EVENTS;
		for (const name of events.filter((n) => n !== 'error')) {
			source.addEventListener(name, (event) => this.#onMessage(source, name, event));
		}
		source.addEventListener('gap', (event) => this.#onGap(source, event));
		source.addEventListener('error', (event) => {
			// A published event may be named "error": it has data, a connection error has none.
			if (typeof event.data === 'string' && events.includes('error')) {
				this.#onMessage(source, 'error', event);
			}
			else {
				this.#onError(source, event);
			}
		});
	}

	// The task of a task's own id goes first: such an id resumes the first task of the list.
	#urlTasks() {
		const own = this.#lastId !== null && !this.#lastId.startsWith(MULTI_TASK_ID) ? this.#lastIdTask : null;
		return own !== null && this.#tasks.includes(own) ? [own, ...this.#tasks.filter((t) => t !== own)]
			: [...this.#tasks];
	}

	#url(tasks) {
		const base = (this.#options.url ?? '').replace(/\/+$/, '');
		const query = tasks.map((task) => 'taskId=' + encodeURIComponent(task));
		const resumable = this.#lastId !== null
			&& (this.#lastId.startsWith(MULTI_TASK_ID) || tasks[0] === this.#lastIdTask);
		if (resumable) {
			query.push('lastEventId=' + encodeURIComponent(this.#lastId));
		}
		if (this.#token !== null) {
			query.push('token=' + encodeURIComponent(this.#token));
		}
		return base + '/sse/register?' + query.join('&');
	}

	#onMessage(source, name, event) {
		if (source !== this.#source) {
			return;
		}
		const several = this.#sourceTasks.length > 1;
		let task = this.#sourceTasks[0];
		let data;
		if (several) {
			const tagged = JSON.parse(event.data);
			task = tagged.taskId;
			data = tagged.data;
		}
		else {
			data = parseLenient(event.data);
		}
		this.#lastId = event.lastEventId;
		if (!several) {
			this.#lastIdTask = task;
		}
		this.#handlers.onEvent?.(task, { name, id: event.lastEventId, data });
		const endEvents = this.#options.endEvents ?? DEFAULT_END_EVENTS;
		if (endEvents.includes(name) && source === this.#source) {
			this.#taskEnded(task);
			if (this.#tasks.every((t) => this.#ended.has(t))) {
				this.#finish();
			}
		}
	}

	#onGap(source, event) {
		if (source === this.#source) {
			const gap = parseLenient(event.data);
			this.#handlers.onGap?.(gap?.taskId ?? this.#sourceTasks[0], gap?.after);
		}
	}

	#onError(source, event) {
		if (source !== this.#source) {
			return;
		}
		const readyState = source.readyState;
		if (readyState === CONNECTING && this.#opened) {
			// The stream ended after it opened (a retry: hint, a node that went away):
			// EventSource reconnects by itself with Last-Event-ID.
			this.#opened = false;
			this.#state('reconnecting');
			return;
		}
		this.#stopSource();
		if (readyState === CLOSED || typeof event.code === 'number') {
			this.#failed(event.code);
		}
		else {
			this.#retryLater({});
		}
	}

	// EventSource gave up on an answer: find its status (a browser's EventSource does not say it).
	async #failed(code) {
		const generation = this.#generation;
		const status = typeof code === 'number' ? code : await this.#probeStatus();
		if (generation !== this.#generation) {
			return;
		}
		if (status === 204) {
			this.#tasks.forEach((task) => this.#taskEnded(task));
			this.#finish();
		}
		else if (status === 400) {
			this.close();
			this.#handlers.onError?.({ status });
		}
		else if ((status === 401 || status === 403) && this.#options.token) {
			this.#token = null; // the next connection fetches a new one
			if (this.#attempt === 0) {
				this.#attempt++;
				this.#handlers.onError?.({ status, retryIn: 0 });
				this.#connect();
			}
			else {
				this.#retryLater({ status });
			}
		}
		else {
			this.#retryLater({ status });
		}
	}

	async #probeStatus() {
		const controller = new AbortController();
		try {
			const response = await fetch(this.#url(this.#sourceTasks), {
				headers: { Accept: 'text/event-stream' },
				credentials: this.#options.withCredentials ? 'include' : 'same-origin',
				cache: 'no-store',
				signal: controller.signal,
			});
			return response.status;
		}
		catch {
			return undefined;
		}
		finally {
			controller.abort();
		}
	}

	// Exponential backoff with jitter: half the step for sure, the other half at random.
	#retryLater(failure) {
		const { initial, max } = { ...DEFAULT_BACKOFF, ...this.#options.backoff };
		const step = Math.min(max, initial * 2 ** this.#attempt);
		const retryIn = Math.round(step / 2 + Math.random() * step / 2);
		this.#attempt++;
		this.#state('reconnecting');
		this.#handlers.onError?.({ ...failure, retryIn });
		clearTimeout(this.#retryTimer);
		this.#retryTimer = setTimeout(() => this.#connect(), retryIn);
	}

	async #renewToken() {
		clearTimeout(this.#renewTimer);
		const token = await this.#options.token();
		this.#token = token;
		const exp = tokenExpiry(token);
		if (exp !== undefined) {
			const lifetime = exp - Date.now();
			const before = Math.min(this.#options.renewBefore ?? DEFAULT_RENEW_BEFORE, lifetime / 2);
			this.#renewTimer = setTimeout(() => {
				// Reopen with the fresh token before the stream ends with the old one.
				this.#token = null;
				this.#reconnectNow();
			}, Math.max(0, lifetime - before));
		}
	}

	#taskEnded(task) {
		if (!this.#ended.has(task)) {
			this.#ended.add(task);
			this.#handlers.onEnd?.(task);
		}
	}

	#finish() {
		this.close();
		this.#handlers.onAllEnded?.();
		this.#resolveEnded();
	}

	#stopSource() {
		if (this.#source !== null) {
			this.#source.close();
			this.#source = null;
		}
	}

	#state(state) {
		this.#handlers.onState?.(state);
	}
}

function checkTask(task) {
	if (typeof task !== 'string' || !TASK_ID.test(task)) {
		throw new TypeError('A task id is 1 to 128 letters, digits, ".", "_", ":" or "-": ' + task);
	}
	return task;
}

// A one-task stream's data is the published data as-is: JSON when it parses, else text.
function parseLenient(data) {
	try {
		return JSON.parse(data);
	}
	catch {
		return data;
	}
}

// The exp of a JWT, in milliseconds; undefined when it has none. Its signature is the gateway's business.
function tokenExpiry(token) {
	try {
		const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
		const exp = JSON.parse(atob(payload)).exp;
		return Number.isFinite(exp) ? exp * 1000 : undefined;
	}
	catch {
		return undefined;
	}
}
