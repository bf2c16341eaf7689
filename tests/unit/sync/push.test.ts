import { describe, expect, inject, it } from 'vitest';
import { ModelRegistry, RegistryError, type RegisterInput } from '$lib';
import { MlflowClient } from '../../../src/lib/sync/client';
import {
	experimentName,
	FRAMEWORK_TAG,
	MODEL_TAG,
	ORIGIN_TAGS,
	VERSION_TAG
} from '../../../src/lib/sync/conventions';
import { planPush, pushVersions, PUSH_STEPS_PER_VERSION } from '../../../src/lib/sync/push';
import { refusal } from '../stores';

const url = () => inject('mlflowUrl');
const client = () => new MlflowClient({ url: url() });
const uniqueName = (what: string) => `${what}-${crypto.randomUUID().slice(0, 8)}`;

/** The server's answer to a REST read, straight from fetch: what the push wrote, seen independently of it. */
async function rest<T = Record<string, unknown>>(endpoint: string, query: Record<string, string> = {}) {
	const response = await fetch(`${url()}/api/2.0/mlflow/${endpoint}?${new URLSearchParams(query)}`);
	expect(response.ok, `${endpoint}: HTTP ${response.status}`).toBe(true);
	return (await response.json()) as T;
}

async function restPost<T = Record<string, unknown>>(endpoint: string, body: unknown) {
	const response = await fetch(`${url()}/api/2.0/mlflow/${endpoint}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body)
	});
	expect(response.ok, `${endpoint}: HTTP ${response.status}`).toBe(true);
	return (await response.json()) as T;
}

interface RemoteVersion {
	version: string;
	current_stage: string;
	description?: string;
	run_id: string;
	source: string;
	tags?: Array<{ key: string; value: string }>;
	aliases?: string[];
}

const remoteVersions = async (model: string) =>
	(
		await rest<{ model_versions?: RemoteVersion[] }>('model-versions/search', {
			filter: `name='${model}'`,
			max_results: '100'
		})
	).model_versions ?? [];

interface RemoteRun {
	info: { run_id: string; status: string; artifact_uri: string; run_name: string };
	data: {
		metrics?: Array<{ key: string; value: number; timestamp: number; step: number }>;
		params?: Array<{ key: string; value: string }>;
		tags?: Array<{ key: string; value: string }>;
	};
}

async function remoteRuns(model: string): Promise<RemoteRun[]> {
	const { experiment } = await rest<{ experiment: { experiment_id: string } }>('experiments/get-by-name', {
		experiment_name: experimentName(model)
	});
	return (
		(await restPost<{ runs?: RemoteRun[] }>('runs/search', { experiment_ids: [experiment.experiment_id] }))
			.runs ?? []
	);
}

/** alias → MLflow version number, as the registered model lists them (a version search leaves them out). */
async function remoteAliases(model: string): Promise<Record<string, string>> {
	const { registered_model: found } = await rest<{
		registered_model: { aliases?: Array<{ alias: string; version: string }> };
	}>('registered-models/get', { name: model });
	return Object.fromEntries((found.aliases ?? []).map(({ alias, version }) => [alias, String(version)]));
}

const asRecord = (pairs: Array<{ key: string; value: string }> = []) =>
	Object.fromEntries(pairs.map(({ key, value }) => [key, value]));

async function download(path: string): Promise<Uint8Array> {
	const response = await fetch(`${url()}/api/2.0/mlflow-artifacts/artifacts/${path}`);
	expect(response.ok, path).toBe(true);
	return new Uint8Array(await response.arrayBuffer());
}

/** Every file under `path` in the artifact proxy, by path relative to it, walking its folders. */
async function remoteFiles(path: string, under = ''): Promise<string[]> {
	const response = await fetch(
		`${url()}/api/2.0/mlflow-artifacts/artifacts?${new URLSearchParams({ path: `${path}${under && `/${under}`}` })}`
	);
	const { files = [] } = (await response.json()) as { files?: Array<{ path: string; is_dir: boolean }> };
	const nested = await Promise.all(
		files.map((file) => {
			const relative = under ? `${under}/${file.path}` : file.path;
			return file.is_dir ? remoteFiles(path, relative) : Promise.resolve([relative]);
		})
	);
	return nested.flat().sort();
}

const bytes = (text: string) => new TextEncoder().encode(text);

/** A local registry holding `versions` of one model, and the items a push takes for them. */
async function localModel(name: string, versions: Array<Omit<RegisterInput, 'name'>>) {
	const registry = new ModelRegistry();
	for (const version of versions) await registry.register({ name, ...version });
	const items = async () => {
		const model = (await registry.getModel(name))!;
		return Promise.all(
			versions.map(async ({ version: number }) => ({
				model,
				version: (await registry.getVersion(name, number))!,
				files: (await registry.loadFiles(name, number)).map(({ file, blob }) => ({ path: file.path, blob }))
			}))
		);
	};
	return { registry, items };
}

const TWO_VERSIONS: Array<Omit<RegisterInput, 'name'>> = [
	{
		version: '1.0.0',
		framework: 'sklearn',
		metrics: { accuracy: 0.91, custom: { 'val/loss': 0.2 } },
		parameters: { optimizer: 'adam', layers: [64, 32] },
		description: 'First **cut**.',
		tags: { team: 'churn-squad' },
		files: [
			{ path: 'model.pkl', content: bytes('pickled') },
			{ path: 'config/preprocess/scaler.json', content: bytes('{"mean":0}') }
		]
	},
	{
		version: '1.1.0-rc.1',
		framework: 'onnx',
		metrics: { f1Score: 0.8, custom: {} },
		parameters: { lr: 0.001 },
		files: [{ path: 'onnx/model.onnx', content: bytes('onnx-bytes') }]
	}
];

describe('a push to a real MLflow server', () => {
	it('sends each version as a run, files and a model version, which read back as they were here', async () => {
		const name = uniqueName('churn');
		const { registry, items } = await localModel(name, TWO_VERSIONS);
		await registry.updateModel(name, { description: 'Who leaves.', tags: { domain: 'retention' } });
		await registry.transitionStage(name, '1.0.0', 'production');
		await registry.transitionStage(name, '1.1.0-rc.1', 'staging');
		await registry.setAlias(name, 'champion', '1.0.0');
		await registry.setAlias(name, 'candidate', '1.1.0-rc.1');
		const progress: Array<[number, number]> = [];

		const plan = await planPush(client(), await items());
		expect(plan.items).toEqual([
			{ model: name, version: '1.0.0', status: 'new' },
			{ model: name, version: '1.1.0-rc.1', status: 'new' }
		]);
		expect(plan.notCarried.some((note) => note.includes(`${name}:1.1.0-rc.1`))).toBe(true);
		const result = await pushVersions(client(), await items(), {
			onProgress: (done, total) => progress.push([done, total])
		});

		expect(result).toEqual({ created: 2, alreadyThere: 0 });
		const fileBytes = 'pickled'.length + '{"mean":0}'.length + 'onnx-bytes'.length;
		expect(progress.at(-1)).toEqual([
			2 * PUSH_STEPS_PER_VERSION + fileBytes,
			2 * PUSH_STEPS_PER_VERSION + fileBytes
		]);
		expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));

		const { registered_model: model } = await rest<{
			registered_model: { description: string; tags?: Array<{ key: string; value: string }> };
		}>('registered-models/get', { name });
		expect(model.description).toBe('Who leaves.');
		expect(asRecord(model.tags)).toEqual({ domain: 'retention' });

		const versions = await remoteVersions(name);
		expect(versions).toHaveLength(2);
		const byOurs = new Map(versions.map((v) => [asRecord(v.tags)[VERSION_TAG], v]));
		const first = byOurs.get('1.0.0')!;
		const second = byOurs.get('1.1.0-rc.1')!;
		expect(first.current_stage).toBe('Production');
		expect(second.current_stage).toBe('Staging');
		expect(first.description).toBe('First **cut**.');
		expect(asRecord(first.tags)).toEqual({
			team: 'churn-squad',
			[VERSION_TAG]: '1.0.0',
			[FRAMEWORK_TAG]: 'sklearn'
		});
		expect(await remoteAliases(name)).toEqual({ champion: first.version, candidate: second.version });

		const { run } = await rest<{ run: RemoteRun }>('runs/get', { run_id: first.run_id });
		expect(run.info.status).toBe('FINISHED');
		expect(run.info.run_name).toBe(`${name}:1.0.0`);
		expect(first.source).toBe(`${run.info.artifact_uri}/model`);
		const createdAt = Date.parse((await registry.getVersion(name, '1.0.0'))!.createdAt);
		expect(run.data.metrics?.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
			{ key: 'accuracy', value: 0.91, timestamp: createdAt, step: 0 },
			{ key: 'val/loss', value: 0.2, timestamp: createdAt, step: 0 }
		]);
		expect(asRecord(run.data.params)).toEqual({ optimizer: 'adam', layers: '[64,32]' });
		expect(asRecord(run.data.tags)).toMatchObject({
			[VERSION_TAG]: '1.0.0',
			[MODEL_TAG]: name,
			[FRAMEWORK_TAG]: 'sklearn'
		});

		const folder = (v: RemoteVersion) => v.source.replace(/^mlflow-artifacts:\//, '');
		expect(await remoteFiles(folder(first))).toEqual(['config/preprocess/scaler.json', 'model.pkl']);
		expect(await download(`${folder(first)}/config/preprocess/scaler.json`)).toEqual(bytes('{"mean":0}'));
		expect(await download(`${folder(first)}/model.pkl`)).toEqual(bytes('pickled'));
		expect(await remoteFiles(folder(second))).toEqual(['onnx/model.onnx']);
		expect(await download(`${folder(second)}/onnx/model.onnx`)).toEqual(bytes('onnx-bytes'));
	});

	it('finds what it pushed: a second plan says pushed, and a second push changes nothing', async () => {
		const name = uniqueName('again');
		const { items } = await localModel(name, TWO_VERSIONS);
		await pushVersions(client(), await items());
		const before = await remoteVersions(name);

		const plan = await planPush(client(), await items());
		const requests: string[] = [];
		const counting: typeof fetch = (input, init) => {
			requests.push(`${init?.method ?? 'GET'} ${String(input).replace(url(), '').split('?')[0]}`);
			return fetch(input, init);
		};
		const again = await pushVersions(new MlflowClient({ url: url() }, { fetch: counting }), await items());

		const numberOf = (ours: string) => before.find((v) => asRecord(v.tags)[VERSION_TAG] === ours)?.version;
		expect(plan.items).toEqual([
			{ model: name, version: '1.0.0', status: 'pushed', remoteVersion: numberOf('1.0.0') },
			{ model: name, version: '1.1.0-rc.1', status: 'pushed', remoteVersion: numberOf('1.1.0-rc.1') }
		]);
		expect(plan.notCarried).toEqual([]);
		expect(again).toEqual({ created: 0, alreadyThere: 2 });
		// Only looked: one search per version.
		expect(requests).toEqual([
			'GET /api/2.0/mlflow/model-versions/search',
			'GET /api/2.0/mlflow/model-versions/search'
		]);
		expect(await remoteVersions(name)).toEqual(before);
		expect(await remoteRuns(name)).toHaveLength(2);
	});

	it('stopped after the run exists, resumes on the next push with one run and one model version', async () => {
		const name = uniqueName('resume');
		const { items } = await localModel(name, [
			{
				version: '2.0.0',
				metrics: { accuracy: 0.5, custom: {} },
				parameters: { depth: 3 },
				files: [
					{ path: 'a/first.bin', content: bytes('first file') },
					{ path: 'b/c/second.bin', content: bytes('second file') }
				]
			}
		]);
		const stop = new AbortController();
		let stoppedAt = 0;

		const error = await refusal(
			pushVersions(client(), await items(), {
				signal: stop.signal,
				onProgress: (done) => {
					// The first file's bytes are in: the run exists, with its metrics and one file.
					if (done > PUSH_STEPS_PER_VERSION && !stop.signal.aborted) {
						stoppedAt = done;
						stop.abort();
					}
				}
			})
		);

		expect(error.code).toBe('CANCELLED');
		expect(error.message).toMatch(/already pushed stays on the server, and a second push resumes/);
		expect(stoppedAt).toBeGreaterThan(0);
		const [halfDone] = await remoteRuns(name);
		expect(halfDone?.info.status).toBe('RUNNING');
		expect(await remoteVersions(name)).toEqual([]);

		expect((await planPush(client(), await items())).items[0]?.status).toBe('new');
		const uploads: string[] = [];
		const counting: typeof fetch = (input, init) => {
			if (init?.method === 'PUT') uploads.push(String(input));
			return fetch(input, init);
		};
		const resumed = new MlflowClient({ url: url() }, { fetch: counting });
		expect(await pushVersions(resumed, await items())).toEqual({ created: 1, alreadyThere: 0 });
		// The first file arrived whole before the stop: only the second is sent.
		expect(uploads).toEqual([expect.stringMatching(/\/b\/c\/second\.bin$/)]);

		const runs = await remoteRuns(name);
		const versions = await remoteVersions(name);
		expect(runs).toHaveLength(1);
		expect(versions).toHaveLength(1);
		expect(runs[0]?.info.run_id).toBe(halfDone?.info.run_id);
		expect(runs[0]?.info.status).toBe('FINISHED');
		expect(runs[0]?.data.metrics).toHaveLength(1);
		expect(asRecord(runs[0]?.data.params)).toEqual({ depth: '3' });
		const folder = versions[0]!.source.replace(/^mlflow-artifacts:\//, '');
		expect(await remoteFiles(folder)).toEqual(['a/first.bin', 'b/c/second.bin']);
		expect(await download(`${folder}/b/c/second.bin`)).toEqual(bytes('second file'));
	});

	it('leaves out the tags and aliases MLflow refuses, and says so, instead of failing', async () => {
		const name = uniqueName('refused');
		const { registry, items } = await localModel(name, [
			{
				version: '1.0.0',
				tags: { 'owner:email': 'a@b.c', 'why?': 'x', kept: 'yes' },
				description: 'd'.repeat(6000),
				parameters: { 'bad:param': 1, fine: 2 },
				metrics: { custom: { 'rate%': 0.1, 'ok-rate': 0.2 } }
			}
		]);
		await registry.updateModel(name, { tags: { 'model:tag': '1', 'model tag': '2' } });
		await registry.setAlias(name, 'v1', '1.0.0');
		await registry.setAlias(name, 'best', '1.0.0');

		const plan = await planPush(client(), await items());
		const result = await pushVersions(client(), await items());

		expect(result.created).toBe(1);
		expect(plan.notCarried).toEqual(
			expect.arrayContaining([
				expect.stringContaining(`Model ${name}: tag "model:tag" is not sent`),
				expect.stringContaining(`${name} 1.0.0: tags "owner:email", "why?" are not sent`),
				expect.stringContaining(`${name} 1.0.0: parameter "bad:param" is not sent`),
				expect.stringContaining(`${name} 1.0.0: metric "rate%" is not sent`),
				expect.stringContaining(`${name} 1.0.0: alias "v1" is not set`)
			])
		);
		const [version] = await remoteVersions(name);
		expect(asRecord(version?.tags)).toEqual({
			kept: 'yes',
			[VERSION_TAG]: '1.0.0',
			[FRAMEWORK_TAG]: 'custom'
		});
		expect(await remoteAliases(name)).toEqual({ best: version?.version });
		expect(version?.description).toBe('d'.repeat(4999) + '…');
		const { registered_model: model } = await rest<{
			registered_model: { tags?: Array<{ key: string; value: string }> };
		}>('registered-models/get', { name });
		expect(asRecord(model.tags)).toEqual({ 'model tag': '2' });
		const [run] = await remoteRuns(name);
		expect(asRecord(run?.data.params)).toEqual({ fine: '2' });
		expect(run?.data.metrics?.map((metric) => metric.key)).toEqual(['ok-rate']);
	});

	it('pushes two versions of a new model at once, whoever makes the model and experiment first', async () => {
		const name = uniqueName('race');
		const { items } = await localModel(name, [{ version: '1.0.0' }, { version: '2.0.0' }]);
		const [first, second] = await items();

		const results = await Promise.all([pushVersions(client(), [first!]), pushVersions(client(), [second!])]);

		expect(results).toEqual([
			{ created: 1, alreadyThere: 0 },
			{ created: 1, alreadyThere: 0 }
		]);
		expect(await remoteVersions(name)).toHaveLength(2);
		expect(await remoteRuns(name)).toHaveLength(2);
	});

	it('counts a version pulled from this very server as there, and one pulled from another as new', async () => {
		const name = uniqueName('pulled');
		await restPost('registered-models/create', { name });
		const made = await restPost<{ model_version: { version: string } }>('model-versions/create', {
			name,
			source: 's3://bucket/model'
		});
		const number = made.model_version.version;
		const { items } = await localModel(name, [
			{ version: `${number}.0.0`, tags: { [ORIGIN_TAGS.version]: number, [ORIGIN_TAGS.server]: url() } },
			{
				version: '7.0.0',
				tags: { [ORIGIN_TAGS.version]: number, [ORIGIN_TAGS.server]: 'http://elsewhere:5000' }
			}
		]);

		const plan = await planPush(client(), await items());

		expect(plan.items).toEqual([
			{ model: name, version: `${number}.0.0`, status: 'pushed', remoteVersion: number },
			{ model: name, version: '7.0.0', status: 'new' }
		]);
		expect(await pushVersions(client(), await items())).toEqual({ created: 1, alreadyThere: 1 });
		expect(await remoteVersions(name)).toHaveLength(2);
	});

	it('stops on a deleted experiment saying what to do, and resumes once it is restored', async () => {
		const name = uniqueName('deleted');
		const { experiment_id: experimentId } = await restPost<{ experiment_id: string }>('experiments/create', {
			name: experimentName(name)
		});
		await restPost('experiments/delete', { experiment_id: experimentId });
		const { items } = await localModel(name, [{ version: '1.0.0' }]);

		const error = await refusal(pushVersions(client(), await items()));

		expect(error.code).toBe('REMOTE');
		expect(error.message).toMatch(/experiment model-registry\/.* was deleted on the server.*Restore it/);
		expect(error.message).toMatch(/pushing again resumes/);
		await restPost('experiments/restore', { experiment_id: experimentId });
		expect(await pushVersions(client(), await items())).toEqual({ created: 1, alreadyThere: 0 });
		expect(await remoteVersions(name)).toHaveLength(1);
	});

	it('stopped after its run finished, resumes with the model version alone', async () => {
		const name = uniqueName('finished');
		const { items } = await localModel(name, [{ version: '1.0.0', metrics: { accuracy: 1, custom: {} } }]);
		const stop = new AbortController();
		// Model, experiment, run, metrics and params, run finished: the next step is the model version.
		const runFinished = 5;

		const error = await refusal(
			pushVersions(client(), await items(), {
				signal: stop.signal,
				onProgress: (done) => done === runFinished && stop.abort()
			})
		);

		expect(error.code).toBe('CANCELLED');
		expect((await remoteRuns(name)).map((run) => run.info.status)).toEqual(['FINISHED']);
		const requests: string[] = [];
		const counting: typeof fetch = (input, init) => {
			requests.push(`${init?.method ?? 'GET'} ${String(input).replace(url(), '').split('?')[0]}`);
			return fetch(input, init);
		};
		expect(await pushVersions(new MlflowClient({ url: url() }, { fetch: counting }), await items())).toEqual({
			created: 1,
			alreadyThere: 0
		});
		expect(requests.filter((request) => /log-batch|runs\/create|runs\/update|PUT/.test(request))).toEqual([]);
		expect(await remoteRuns(name)).toHaveLength(1);
		expect(await remoteVersions(name)).toHaveLength(1);
	});

	it('sends more metrics and params than one log-batch call takes, in several', async () => {
		const name = uniqueName('many');
		const custom = Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`metric_${i}`, i / 1000]));
		const parameters = Object.fromEntries(
			Array.from({ length: 150 }, (_, i) => [`param_${i}`, `value ${i}`])
		);
		const { items } = await localModel(name, [{ version: '1.0.0', metrics: { custom }, parameters }]);

		await pushVersions(client(), await items());

		const [run] = await remoteRuns(name);
		expect(run?.data.metrics).toHaveLength(1200);
		expect(asRecord(run?.data.params)).toEqual(parameters);
	});

	it('counts a model or experiment made by someone else first as found', async () => {
		const name = uniqueName('made-elsewhere');
		await restPost('registered-models/create', { name, description: 'Theirs.' });
		await restPost('experiments/create', { name: experimentName(name) });
		const { items } = await localModel(name, [{ version: '0.1.0', description: 'Ours.' }]);

		expect(await pushVersions(client(), await items())).toEqual({ created: 1, alreadyThere: 0 });

		const { registered_model: model } = await rest<{ registered_model: { description: string } }>(
			'registered-models/get',
			{ name }
		);
		expect(model.description).toBe('Theirs.');
		expect(await remoteVersions(name)).toHaveLength(1);
	});

	it('names a stopped push as CANCELLED before it sends anything', async () => {
		const name = uniqueName('never');
		const { items } = await localModel(name, [{ version: '1.0.0' }]);
		const stop = new AbortController();
		stop.abort();

		const error = await refusal(pushVersions(client(), await items(), { signal: stop.signal }));

		expect(error).toBeInstanceOf(RegistryError);
		expect(error.code).toBe('CANCELLED');
		expect(error.details).toMatchObject({ created: 0, alreadyThere: 0 });
		expect(
			(
				await rest<{ registered_models?: unknown[] }>('registered-models/search', {
					filter: `name='${name}'`
				})
			).registered_models
		).toBeUndefined();
	});
});
