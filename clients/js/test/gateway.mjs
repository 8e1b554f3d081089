// A gateway for the client's tests: the built jar on the embedded broker, run by the Java 21+ that
// bin/lib.sh finds (JAVA_HOME first), on free ports; and HS256 tokens minted with node:crypto.
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const jar = join(root, 'gateway', 'target', 'gateway.jar');
const java = execFileSync('bash', ['-c', 'source bin/lib.sh && find_java'], { cwd: root, encoding: 'utf8' }).trim();

export class Gateway {
	constructor(process, url, secret) {
		this.process = process;
		this.url = url;
		this.secret = secret;
		this.output = '';
	}

	/** Start a node: anonymous, or with an HMAC key when secured. */
	static async start({ secured = false, args = [] } = {}) {
		const [port, managementPort] = [await freePort(), await freePort()];
		const secret = secured ? randomBytes(32).toString('hex') : undefined;
		const security = secured ? ['--ssegate.security.hmac-secret=' + secret] : ['--ssegate.security.anonymous=true'];
		const child = spawn(java, ['-jar', jar, '--server.port=' + port, '--management.server.port=' + managementPort,
			'--server.address=127.0.0.1', '--management.server.address=127.0.0.1', '--ssegate.demo.enabled=false',
			...security, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		const gateway = new Gateway(child, `http://127.0.0.1:${port}`, secret);
		child.stdout.on('data', (chunk) => gateway.output += chunk);
		child.stderr.on('data', (chunk) => gateway.output += chunk);
		await until(async () => {
			if (child.exitCode !== null) {
				throw new Error('The gateway exited: ' + gateway.output);
			}
			const health = await fetch(`http://127.0.0.1:${managementPort}/actuator/health`).catch(() => null);
			return health?.ok;
		}, 120_000, 'the gateway to start');
		return gateway;
	}

	/** Publish an event over the HTTP publish API; returns its id. */
	async publish(taskId, event) {
		const headers = { 'Content-Type': 'application/json' };
		if (this.secret) {
			headers.Authorization = 'Bearer ' + this.token({ scope: 'publish', tasks: ['*'], ttlSeconds: 60 });
		}
		const response = await fetch(`${this.url}/api/tasks/${encodeURIComponent(taskId)}/events`,
			{ method: 'POST', headers, body: JSON.stringify(event) });
		if (response.status !== 202) {
			throw new Error(`publish: ${response.status} ${await response.text()}`);
		}
		return (await response.json()).id;
	}

	/** An HS256 token of this node's key, or of another key. */
	token({ scope = 'subscribe', tasks, ttlSeconds, secret = this.secret }) {
		const now = Math.floor(Date.now() / 1000);
		const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
		const unsigned = part({ alg: 'HS256', typ: 'JWT' }) + '.'
			+ part({ aud: 'ssegate', scope, tasks, iat: now, exp: now + ttlSeconds });
		return unsigned + '.' + createHmac('sha256', secret).update(unsigned).digest('base64url');
	}

	async stop() {
		if (this.process.exitCode === null) {
			const exited = new Promise((resolve) => this.process.once('exit', resolve));
			this.process.kill('SIGKILL');
			await exited;
		}
	}
}

/** Wait until a condition holds, polling; fails after the timeout. */
export async function until(condition, timeoutMillis, what) {
	const deadline = Date.now() + timeoutMillis;
	for (;;) {
		if (await condition()) {
			return;
		}
		if (Date.now() > deadline) {
			throw new Error('Timed out waiting for ' + what);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}
