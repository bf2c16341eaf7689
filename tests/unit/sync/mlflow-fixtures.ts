/**
 * Data on this run's real MLflow server, made through its REST API as a Python client would, and small
 * local HTTP servers that answer the way a wrong address, a proxy or a hung server does. Every name is
 * unique, since all test files share one MLflow server.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';

export const mlflowUrl = (): string => inject('mlflowUrl');

/** A name no other test uses: `prefix-<8 hex>`. */
export const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export const sha256 = (bytes: string | Uint8Array): string =>
	createHash('sha256').update(bytes).digest('hex');

async function call<T>(method: string, endpoint: string, body?: unknown): Promise<T> {
	const response = await fetch(`${mlflowUrl()}/api/2.0/mlflow/${endpoint}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${endpoint} → ${response.status}: ${text}`);
	return JSON.parse(text) as T;
}

type Tags = Record<string, string>;
const tagList = (tags: Tags = {}) => Object.entries(tags).map(([key, value]) => ({ key, value }));

export async function createModel(name: string, options: { description?: string; tags?: Tags } = {}) {
	await call('POST', 'registered-models/create', {
		name,
		description: options.description,
		tags: tagList(options.tags)
	});
}

export interface Run {
	runId: string;
	experimentId: string;
	/** `mlflow-artifacts:/<experiment>/<run>/artifacts` */
	artifactUri: string;
}

export async function createRun(
	options: {
		metrics?: Array<{ key: string; value: number | string; step?: number; timestamp?: number }>;
		params?: Tags;
		tags?: Tags;
	} = {}
): Promise<Run> {
	const { experiment_id: experimentId } = await call<{ experiment_id: string }>(
		'POST',
		'experiments/create',
		{
			name: unique('experiment')
		}
	);
	const { run } = await call<{ run: { info: { run_id: string; artifact_uri: string } } }>(
		'POST',
		'runs/create',
		{
			experiment_id: experimentId,
			start_time: 1_700_000_000_000
		}
	);
	await call('POST', 'runs/log-batch', {
		run_id: run.info.run_id,
		metrics: (options.metrics ?? []).map((m) => ({ step: 0, timestamp: 1, ...m })),
		params: tagList(options.params),
		tags: tagList(options.tags)
	});
	return { runId: run.info.run_id, experimentId, artifactUri: run.info.artifact_uri };
}

/** Uploads `content` to `<run's artifacts>/<path>` through the artifact proxy. */
export async function uploadFile(run: Run, path: string, content: string | Uint8Array) {
	const url = `${mlflowUrl()}/api/2.0/mlflow-artifacts/artifacts/${run.experimentId}/${run.runId}/artifacts/${path
		.split('/')
		.map(encodeURIComponent)
		.join('/')}`;
	const response = await fetch(url, { method: 'PUT', body: new Blob([content as BlobPart]) });
	if (!response.ok) throw new Error(`PUT ${path} → ${response.status}: ${await response.text()}`);
}

/** A model version; its number as the server gave it. */
export async function createVersion(
	name: string,
	options: { source: string; runId?: string; tags?: Tags; description?: string }
): Promise<string> {
	const { model_version } = await call<{ model_version: { version: string } }>(
		'POST',
		'model-versions/create',
		{
			name,
			source: options.source,
			run_id: options.runId,
			description: options.description,
			tags: tagList(options.tags)
		}
	);
	return model_version.version;
}

export const transitionStage = (name: string, version: string, stage: string) =>
	call('POST', 'model-versions/transition-stage', { name, version, stage, archive_existing_versions: false });

export const setAlias = (name: string, alias: string, version: string) =>
	call('POST', 'registered-models/alias', { name, alias, version });

export const setVersionTag = (name: string, version: string, key: string, value: string) =>
	call('POST', 'model-versions/set-tag', { name, version, key, value });

export const updateVersionDescription = (name: string, version: string, description: string) =>
	call('PATCH', 'model-versions/update', { name, version, description });

export const deleteVersion = (name: string, version: string) =>
	call('DELETE', 'model-versions/delete', { name, version });

/** `count` versions of `name`, several requests at once: creating 1,500 one by one takes the server ~25 s. */
export async function createManyVersions(name: string, count: number, source: string) {
	let next = 0;
	const worker = async () => {
		while (next < count) {
			next++;
			await createVersion(name, { source });
		}
	};
	await Promise.all(Array.from({ length: 32 }, worker));
}

/** A fetch that counts the requests whose URL contains `part`, for "downloaded nothing" and paging checks. */
export function countingFetch() {
	const urls: string[] = [];
	const counted: typeof fetch = (input, init) => {
		urls.push(input instanceof Request ? input.url : String(input));
		return fetch(input, init);
	};
	return { fetch: counted, count: (part: string) => urls.filter((url) => url.includes(part)).length, urls };
}

export interface LocalServer {
	url: string;
	/** The headers of each request it got. */
	requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
	close: () => Promise<void>;
}

/** An HTTP server on a free loopback port that answers every request with `answer` (or never, if it does not end it). */
export async function localServer(answer: (response: ServerResponse) => void): Promise<LocalServer> {
	const requests: LocalServer['requests'] = [];
	const server = createServer((request, response) => {
		requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
		request.resume();
		answer(response);
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((done) => {
				server.closeAllConnections();
				server.close(() => done());
			})
	};
}

/** A loopback address nothing listens on: a port the system just gave out, closed again. */
export async function closedPortUrl(): Promise<string> {
	const server = await localServer((response) => response.end());
	await server.close();
	return server.url;
}
