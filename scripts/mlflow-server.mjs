// A real MLflow tracking server for the tests and the benchmarks: the pinned one from the project's
// venv (scripts/ensure-python.sh), on a free loopback port, with a SQLite database and an artifact
// store in a temporary folder of its own, allowing the browser origins the caller names. Each suite
// starts its own and stops it, so no run shares a server, a port or a database with another.
import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MLFLOW = resolve('.venv/bin/mlflow');
/** A cold start on a busy machine (database migrations, imports) has been seen to take 20 s. */
const STARTUP_TIMEOUT_MS = 120_000;

/** A port the system has just called free. */
function freePort() {
	return new Promise((done, fail) => {
		const probe = createServer();
		probe.once('error', fail);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
			probe.close(() => done(port));
		});
	});
}

/**
 * Starts `mlflow server` and resolves once it answers `/health`.
 * @param {{ origins?: string[] }} [options] the origins browsers may call it from (`null` for a page opened from disk)
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startMlflow({ origins = [] } = {}) {
	if (!existsSync(MLFLOW)) {
		throw new Error('No MLflow in .venv: run `bash scripts/ensure-python.sh` first (npm test does).');
	}
	const dir = await mkdtemp(join(tmpdir(), 'model-registry-mlflow-'));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const log = join(dir, 'server.log');
	const server = spawn(
		MLFLOW,
		[
			'server',
			...['--host', '127.0.0.1', '--port', String(port), '--workers', '1'],
			...['--backend-store-uri', `sqlite:///${join(dir, 'mlflow.db')}`],
			...['--artifacts-destination', join(dir, 'artifacts')],
			...(origins.length > 0 ? ['--cors-allowed-origins', origins.join(',')] : [])
		],
		// Its own process group, so stopping it stops the workers uvicorn starts too.
		{ cwd: dir, detached: true, stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')] }
	);
	const { pid } = server;
	if (pid === undefined) throw new Error(`Could not start ${MLFLOW}.`);
	const group = -pid;
	const exited = new Promise((done) => server.once('exit', done));

	async function stop() {
		if (server.exitCode === null && server.signalCode === null) {
			process.kill(group, 'SIGTERM');
			const killLater = setTimeout(() => process.kill(group, 'SIGKILL'), 10_000);
			await exited;
			clearTimeout(killLater);
		}
		await rm(dir, { recursive: true, force: true });
	}

	const started = Date.now();
	for (;;) {
		if (server.exitCode !== null) {
			const output = await readFile(log, 'utf8');
			await stop();
			throw new Error(`mlflow server exited with ${server.exitCode} before it answered:\n${output}`);
		}
		const healthy = await fetch(`${url}/health`).then(
			(response) => response.ok,
			() => false
		);
		if (healthy) return { url, stop };
		if (Date.now() - started > STARTUP_TIMEOUT_MS) {
			await stop();
			throw new Error(`mlflow server did not answer ${url}/health within ${STARTUP_TIMEOUT_MS / 1000} s.`);
		}
		await new Promise((wait) => setTimeout(wait, 250));
	}
}
