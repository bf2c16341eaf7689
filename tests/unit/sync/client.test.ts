import { afterEach, describe, expect, it } from 'vitest';
import { RegistryError } from '../../../src/lib/registry/errors';
import { MlflowClient } from '../../../src/lib/sync/client';
import {
	closedPortUrl,
	createRun,
	localServer,
	mlflowUrl,
	unique,
	type LocalServer
} from './mlflow-fixtures';

const servers: LocalServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(answer: Parameters<typeof localServer>[0]): Promise<LocalServer> {
	const server = await localServer(answer);
	servers.push(server);
	return server;
}

/** The RegistryError a call rejects with. */
async function failure(call: Promise<unknown>): Promise<RegistryError> {
	const error = await call.then(
		() => undefined,
		(error: unknown) => error
	);
	expect(error).toBeInstanceOf(RegistryError);
	return error as RegistryError;
}

describe('MlflowClient against a real MLflow server', () => {
	it('reads the version and searches', async () => {
		const client = new MlflowClient({ url: `${mlflowUrl()}/` });
		expect(await client.version()).toBe('3.17.2');
		const answer = await client.get<{ registered_models?: unknown[] }>('registered-models/search', {
			max_results: 5,
			page_token: undefined
		});
		expect(answer).toBeTypeOf('object');
	});

	it("turns MLflow's error JSON into a server failure with its message", async () => {
		const client = new MlflowClient({ url: mlflowUrl() });
		const name = unique('missing');
		const error = await failure(client.get('registered-models/get', { name }));
		expect(error.code).toBe('REMOTE');
		expect(error.details).toMatchObject({
			reason: 'server',
			status: 404,
			endpoint: 'registered-models/get',
			errorCode: 'RESOURCE_DOES_NOT_EXIST'
		});
		expect(error.message).toContain(name);
	});

	it('posts JSON and round-trips a file through the artifact proxy, nested and with spaces', async () => {
		const client = new MlflowClient({ url: mlflowUrl() });
		const run = await createRun();
		const root = `${run.experimentId}/${run.runId}/artifacts`;
		const bytes = new Uint8Array([0, 1, 2, 255, 10]);
		await client.uploadArtifact(`${root}/model/a folder/weights ?1%.bin`, new Blob([bytes]));
		const downloaded = await client.downloadArtifact(`${root}/model/a folder/weights ?1%.bin`);
		expect(new Uint8Array(await downloaded.arrayBuffer())).toEqual(bytes);
		expect(await client.listArtifacts(`${root}/model`)).toEqual([{ path: 'a folder', is_dir: true }]);
		expect(await client.listArtifacts(`${root}/model/a folder`)).toEqual([
			{ path: 'weights ?1%.bin', is_dir: false, file_size: 5 }
		]);
		const created = await client.post<{ experiment_id: string }>('experiments/create', {
			name: unique('client-experiment')
		});
		expect(created.experiment_id).toMatch(/^\d+$/);
	});
});

describe('MlflowClient failures', () => {
	it('calls an HTML 404 not MLflow, and says to check the URL', async () => {
		const server = await serve((response) => {
			response.writeHead(404, { 'Content-Type': 'text/html' });
			response.end('<html><body>Not found</body></html>');
		});
		const error = await failure(new MlflowClient({ url: server.url }).get('registered-models/search'));
		expect(error.details).toMatchObject({
			reason: 'not-mlflow',
			status: 404,
			endpoint: 'registered-models/search'
		});
		expect(error.message).toContain('base address');
	});

	it('calls a 200 HTML page, a wrong content type and broken JSON not MLflow', async () => {
		const answers: Array<[string, string]> = [
			['text/html', '<!doctype html><title>Sign in</title>'],
			['text/plain', '{"registered_models": []}'],
			['application/json', '{"registered_models": ['],
			['application/json', '{"error": "not the MLflow error shape"}']
		];
		for (const [type, body] of answers) {
			const server = await serve((response) => {
				response.writeHead(type.includes('json') && body.includes('"error"') ? 400 : 200, {
					'Content-Type': type
				});
				response.end(body);
			});
			const error = await failure(new MlflowClient({ url: server.url }).get('registered-models/search'));
			expect(error.details.reason, `${type} ${body}`).toBe('not-mlflow');
		}
	});

	it('names the endpoint and the field of a malformed answer', async () => {
		const server = await serve((response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify({ files: [{ path: 'a', is_dir: 'yes' }] }));
		});
		const error = await failure(new MlflowClient({ url: server.url }).listArtifacts('x'));
		expect(error.details).toMatchObject({
			reason: 'not-mlflow',
			endpoint: 'mlflow-artifacts/artifacts',
			field: 'files[0].is_dir'
		});
		expect(error.message).toContain('files[0].is_dir');
	});

	it('tells a refused sign-in (401) from a refused request (403)', async () => {
		for (const [status, reason] of [
			[401, 'unauthorized'],
			[403, 'forbidden']
		] as const) {
			const server = await serve((response) => {
				response.writeHead(status, { 'Content-Type': 'text/plain' });
				response.end('no');
			});
			const error = await failure(new MlflowClient({ url: server.url }).post('runs/create', {}));
			expect(error.details).toMatchObject({ reason, status, endpoint: 'runs/create' });
			if (status === 403) expect(error.message).toContain("--cors-allowed-origins 'null'");
			else expect(error.message).toContain('token');
		}
	});

	it('calls a 5xx page a server failure', async () => {
		const server = await serve((response) => {
			response.writeHead(502, { 'Content-Type': 'text/html' });
			response.end('<h1>Bad gateway</h1>');
		});
		const error = await failure(new MlflowClient({ url: server.url }).get('registered-models/search'));
		expect(error.details).toMatchObject({ reason: 'server', status: 502 });
	});

	it('calls a closed port unreachable', async () => {
		const error = await failure(new MlflowClient({ url: await closedPortUrl() }).version());
		expect(error.details).toMatchObject({ reason: 'unreachable', endpoint: 'version' });
	});

	it('calls a hidden answer CORS when a no-cors request gets through, naming the flag and origin', async () => {
		// What a browser does to a server that does not allow this origin: the request fails, an opaque one does not.
		const browserLike: typeof fetch = async (_input, init) => {
			if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
			throw new TypeError('Failed to fetch');
		};
		const client = new MlflowClient({ url: mlflowUrl() }, { fetch: browserLike });
		const error = await failure(client.post('registered-models/create', { name: 'x' }));
		expect(error.details).toMatchObject({
			reason: 'cors',
			origin: 'null',
			endpoint: 'registered-models/create'
		});
		expect(error.message).toContain("--cors-allowed-origins 'null'");
		expect(error.message).toContain('3.5');
		expect(error.message).toContain('opened from a file');
		expect(error.message).toContain('mlflow-to-bundle');
	});

	it('times out a server that never answers', async () => {
		const server = await serve(() => undefined);
		const started = Date.now();
		const error = await failure(new MlflowClient({ url: server.url }, { timeoutMs: 200 }).version());
		expect(error.details).toMatchObject({ reason: 'timeout', endpoint: 'version' });
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	it("turns a caller's abort into CANCELLED", async () => {
		const server = await serve(() => undefined);
		const controller = new AbortController();
		const call = new MlflowClient({ url: server.url }).get('registered-models/search', {}, controller.signal);
		await new Promise((done) => setImmediate(done));
		controller.abort();
		expect((await failure(call)).code).toBe('CANCELLED');
		expect((await failure(new MlflowClient({ url: server.url }).version(controller.signal))).code).toBe(
			'CANCELLED'
		);
	});
});

describe('MlflowClient sign-in', () => {
	it('sends a token as Bearer and a user and password as UTF-8 Basic, and JSON as JSON', async () => {
		const server = await serve((response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end('{}');
		});
		await new MlflowClient({ url: server.url, auth: { kind: 'token', token: 'tok-123' } }).post(
			'runs/create',
			{
				a: 1
			}
		);
		await new MlflowClient({
			url: server.url,
			auth: { kind: 'basic', username: 'jörg', password: 'pä:ss ✓' }
		}).get('registered-models/search');
		await new MlflowClient({ url: server.url }).get('registered-models/search');
		const [token, basic, none] = server.requests;
		expect(token!.headers.authorization).toBe('Bearer tok-123');
		expect(token!.headers['content-type']).toBe('application/json');
		expect(token!.method).toBe('POST');
		expect(token!.url).toBe('/api/2.0/mlflow/runs/create');
		expect(basic!.headers.authorization).toBe(
			`Basic ${Buffer.from('jörg:pä:ss ✓', 'utf8').toString('base64')}`
		);
		expect(none!.headers.authorization).toBeUndefined();
	});
});
