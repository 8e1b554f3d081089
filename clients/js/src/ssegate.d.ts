/** Event names followed unless `options.events` says otherwise. */
export const DEFAULT_EVENTS: readonly string[];

/** Event names that end their task unless `options.endEvents` says otherwise. */
export const DEFAULT_END_EVENTS: readonly string[];

/** Backoff after a failed connection unless `options.backoff` says otherwise, in milliseconds. */
export const DEFAULT_BACKOFF: Readonly<Backoff>;

/** How long before its expiry a token is renewed (at most half its lifetime), in milliseconds. */
export const DEFAULT_RENEW_BEFORE: number;

/** One event of a task. */
export interface TaskEvent<T = unknown> {
	/** Its `event:` name (`message` when it has none). */
	name: string;
	/** Its `id:`: on a stream of several tasks, the position of every task. */
	id: string;
	/** Its data: the published JSON value (on a one-task stream, text that is not JSON stays text). */
	data: T;
}

/** Why the stream failed, and when it is reopened. */
export interface StreamError {
	/** The HTTP status, when there was an answer. */
	status?: number;
	/** What `options.token` threw. */
	error?: unknown;
	/** Milliseconds until the client reopens the stream; absent when it gave up (400). */
	retryIn?: number;
}

export type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface Handlers<T = unknown> {
	onEvent?(task: string, event: TaskEvent<T>): void;
	/** Some events of the task are no longer in the gateway's history and were skipped. */
	onGap?(task: string, after: string | undefined): void;
	/** The task ended: one of `options.endEvents` arrived, or the gateway said every task had ended. */
	onEnd?(task: string): void;
	/** Every task ended; the stream is closed. */
	onAllEnded?(): void;
	onState?(state: StreamState): void;
	onError?(error: StreamError): void;
}

export interface Backoff {
	/** The first delay, in milliseconds. */
	initial: number;
	/** The longest delay, in milliseconds. */
	max: number;
}

/** A class with the constructor and the events of the browser's `EventSource`. */
export type EventSourceClass = new (url: string, init?: { withCredentials?: boolean }) => EventTarget & {
	readonly readyState: number;
	close(): void;
};

export interface Options {
	/** The gateway's base URL; default: the page's origin. */
	url?: string;
	/** A fresh subscribe token (a JWT), sent as `&token=`; called before it expires and when it is refused. */
	token?: () => Promise<string>;
	/** How long before its expiry a token is renewed, in milliseconds (at most half its lifetime). */
	renewBefore?: number;
	backoff?: Partial<Backoff>;
	/** Event names to follow; default `DEFAULT_EVENTS`. */
	events?: readonly string[];
	/** Event names that end their task; default `DEFAULT_END_EVENTS`. */
	endEvents?: readonly string[];
	/** Whether to send cookies to a gateway on another origin. */
	withCredentials?: boolean;
	/** The `EventSource` class; default the global one (Node: the `eventsource` package's). */
	EventSource?: EventSourceClass;
}

/** The stream that follows the tasks. */
export interface Following {
	/** The tasks followed, in order. */
	readonly tasks: string[];
	/** The id of the last event delivered. */
	readonly lastEventId: string | null;
	/** Resolves when every task has ended; stays pending if closed first. */
	readonly ended: Promise<void>;
	/** Follow one more task; the stream reopens where every task is. */
	add(task: string): void;
	/** Stop following a task; the stream reopens where the others are. */
	remove(task: string): void;
	/** Close the stream for good. */
	close(): void;
}

/** Follow tasks on one `EventSource`. */
export function follow<T = unknown>(tasks: readonly string[], handlers?: Handlers<T>, options?: Options): Following;
