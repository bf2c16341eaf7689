import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../../src/lib/registry/errors';
import { sameVersion } from '../../../src/lib/registry/transfer';
import type { ModelVersion } from '../../../src/lib/registry/types';
import { MlflowClient } from '../../../src/lib/sync/client';
import { pullModels, type KnownVersion } from '../../../src/lib/sync/pull';
import type { MlflowServer, PulledModels } from '../../../src/lib/sync/types';
import {
	countingFetch,
	createManyVersions,
	createModel,
	createRun,
	createVersion,
	mlflowUrl,
	setAlias,
	sha256,
	transitionStage,
	unique,
	updateVersionDescription,
	uploadFile
} from './mlflow-fixtures';

const MLMODEL =
	'flavors:\n  python_function:\n    loader_module: mlflow.sklearn\n  sklearn:\n    sklearn_version: 1.5.0\n';
const WEIGHTS = new Uint8Array([1, 2, 3, 4, 250, 0, 7]);
const CONFIG = '{"layers": [64, 32]}';

const server = (): MlflowServer => ({ id: 'test', url: mlflowUrl() });
const nothingKnown: KnownVersion = async () => undefined;

/** A local registry holding what a pull gave, as `known` sees it. */
function knownFrom(result: PulledModels): KnownVersion {
	const versions = new Map<string, ModelVersion>();
	for (const snapshot of result.snapshots)
		for (const version of snapshot.versions) versions.set(version.fullName, version);
	return async (model, version) => versions.get(`${model}:${version}`);
}

/** A model of two versions with a run, files in folders, stages, an alias and our tags on the second. */
async function seedModel() {
	const name = unique('pull');
	await createModel(name, { description: 'Scores fraud.', tags: { team: 'risk' } });
	const run = await createRun({
		metrics: [
			{ key: 'accuracy', value: 0.9, step: 0 },
			{ key: 'accuracy', value: 0.95, step: 1 },
			{ key: 'loss', value: 0.25 },
			{ key: 'broken', value: 'NaN' }
		],
		params: { lr: '0.01', layers: '[64, 32]', optimizer: 'adam', early_stop: 'true' }
	});
	await uploadFile(run, 'model/MLmodel', MLMODEL);
	await uploadFile(run, 'model/weights/model.bin', WEIGHTS);
	await uploadFile(run, 'model/weights/deep/config.json', CONFIG);
	const source = `${run.artifactUri}/model`;
	const first = await createVersion(name, { source, runId: run.runId, description: 'first' });
	const second = await createVersion(name, {
		source,
		runId: run.runId,
		tags: { 'model_registry.version': '2.1.0', 'model_registry.framework': 'pytorch', owner: 'ana' }
	});
	await transitionStage(name, first, 'Production');
	await transitionStage(name, second, 'Staging');
	await setAlias(name, 'champion', first);
	await setAlias(name, '1st', second);
	return { name, run, source };
}

describe('pullModels', () => {
	it('maps a model, its versions, runs and hashed files', async () => {
		const { name, run, source } = await seedModel();
		const progress: Array<[number, number]> = [];
		const result = await pullModels(
			new MlflowClient({ url: mlflowUrl() }),
			server(),
			{ models: [name], onlyChanged: false },
			nothingKnown,
			{ onProgress: (done, total) => progress.push([done, total]) }
		);
		expect(result.snapshots).toHaveLength(1);
		const [snapshot] = result.snapshots;
		expect(snapshot!.model).toMatchObject({
			name,
			description: 'Scores fraud.',
			tags: { team: 'risk' },
			aliases: { champion: '1.0.0' }
		});
		const files = [
			{
				path: 'MLmodel',
				sha256: sha256(MLMODEL),
				size: MLMODEL.length,
				mediaType: 'application/octet-stream'
			},
			{
				path: 'weights/deep/config.json',
				sha256: sha256(CONFIG),
				size: CONFIG.length,
				mediaType: 'application/json'
			},
			{
				path: 'weights/model.bin',
				sha256: sha256(WEIGHTS),
				size: WEIGHTS.length,
				mediaType: 'application/octet-stream'
			}
		];
		const [first, second] = snapshot!.versions;
		expect(first).toMatchObject({
			modelName: name,
			version: '1.0.0',
			fullName: `${name}:1.0.0`,
			stage: 'production',
			framework: 'sklearn',
			metrics: { accuracy: 0.95, custom: { loss: 0.25 } },
			parameters: { lr: 0.01, layers: [64, 32], optimizer: 'adam', early_stop: true },
			tags: {
				'mlflow.version': '1',
				'mlflow.run_id': run.runId,
				'mlflow.source': source,
				'mlflow.server': mlflowUrl()
			},
			description: 'first',
			files
		});
		expect(second).toMatchObject({
			version: '2.1.0',
			stage: 'staging',
			framework: 'pytorch',
			tags: { owner: 'ana', 'mlflow.version': '2' },
			files
		});
		expect(Object.keys(second!.tags)).not.toContain('model_registry.version');
		expect([...result.artifacts.keys()].sort()).toEqual(files.map((file) => file.sha256).sort());
		expect(new Uint8Array(await result.artifacts.get(sha256(WEIGHTS))!.arrayBuffer())).toEqual(WEIGHTS);
		expect(result.notCarried).toEqual(
			expect.arrayContaining([
				expect.stringContaining('the metric broken is NaN'),
				expect.stringContaining('the alias "1st" is left out')
			])
		);
		expect(progress.at(0)).toEqual([0, 2]);
		expect(progress.at(-1)).toEqual([2, 2]);
		const updated = Math.max(...snapshot!.versions.map((v) => Date.parse(v.updatedAt)));
		expect(result.pulled).toEqual({ [name]: updated });
	});

	it('pulls a version whose files are outside the artifact proxy without them, saying so', async () => {
		const name = unique('s3');
		await createModel(name);
		await createVersion(name, { source: 's3://bucket/fraud/model' });
		const result = await pullModels(
			new MlflowClient({ url: mlflowUrl() }),
			server(),
			{ models: [name], onlyChanged: false },
			nothingKnown
		);
		const [version] = result.snapshots[0]!.versions;
		expect(version!.files).toBeUndefined();
		expect(version!.metrics).toEqual({ custom: {} });
		expect(result.notCarried).toEqual([
			`${name} 1.0.0 comes without files: they are outside the server's artifact proxy (s3://bucket/fraud/model), where a browser cannot read them.`
		]);
	});

	it('resolves a runs:/ source through the server, and leaves out a chosen model the server no longer has', async () => {
		const name = unique('runs-uri');
		const missing = unique('missing');
		await createModel(name);
		const run = await createRun({ metrics: [{ key: 'f1Score', value: 0.5 }], params: { depth: '3' } });
		await uploadFile(run, 'model/model.bin', WEIGHTS);
		await createVersion(name, { source: `runs:/${run.runId}/model`, runId: run.runId });
		const result = await pullModels(
			new MlflowClient({ url: mlflowUrl() }),
			server(),
			{ models: [name, missing], onlyChanged: false },
			nothingKnown
		);
		expect(result.snapshots.map((snapshot) => snapshot.model.name)).toEqual([name]);
		const [version] = result.snapshots[0]!.versions;
		expect(version).toMatchObject({
			metrics: { f1Score: 0.5, custom: {} },
			parameters: { depth: 3 },
			files: [{ path: 'model.bin', sha256: sha256(WEIGHTS), size: WEIGHTS.length }]
		});
		expect(result.notCarried).toEqual([`The model ${missing} is not pulled: the server no longer has it.`]);
	});

	it('pulls an unchanged server again to identical versions without downloading a byte', async () => {
		const { name } = await seedModel();
		const first = await pullModels(
			new MlflowClient({ url: mlflowUrl() }),
			server(),
			{ models: [name], onlyChanged: false },
			nothingKnown
		);
		const counting = countingFetch();
		const second = await pullModels(
			new MlflowClient({ url: mlflowUrl() }, { fetch: counting.fetch }),
			server(),
			{ models: [name], onlyChanged: false },
			knownFrom(first)
		);
		expect(counting.count('/mlflow-artifacts/')).toBe(0);
		expect(second.artifacts.size).toBe(0);
		const [before, after] = [first.snapshots[0]!.versions, second.snapshots[0]!.versions];
		expect(after).toHaveLength(before.length);
		after.forEach((version, i) => expect(sameVersion(version, before[i]!)).toBe(true));
		expect(after).toEqual(before);
	});

	it('with onlyChanged, fetches only versions changed since the last pull', async () => {
		const { name, source, run } = await seedModel();
		const client = new MlflowClient({ url: mlflowUrl() });
		const first = await pullModels(client, server(), { models: [name], onlyChanged: false }, nothingKnown);
		const third = await createVersion(name, { source, runId: run.runId });
		await updateVersionDescription(name, '1', 'edited');
		const since = { ...server(), pulled: first.pulled };
		const second = await pullModels(client, since, { models: [name], onlyChanged: true }, knownFrom(first));
		const versions = second.snapshots[0]!.versions;
		expect(versions.map((v) => [v.version, v.description]).sort()).toEqual([
			['1.0.0', 'edited'],
			[`${third}.0.0`, '']
		]);
		expect(second.pulled[name]).toBeGreaterThan(first.pulled[name]!);
		const nothingNew = await pullModels(
			client,
			{ ...server(), pulled: second.pulled },
			{ models: [name], onlyChanged: true },
			knownFrom(second)
		);
		expect(nothingNew.snapshots[0]!.versions).toEqual([]);
		expect(nothingNew.pulled).toEqual(second.pulled);
	});

	it('rejects with CANCELLED when the caller aborts mid-pull', async () => {
		const { name } = await seedModel();
		const controller = new AbortController();
		const pulling = pullModels(
			new MlflowClient({ url: mlflowUrl() }),
			server(),
			{ models: [name], onlyChanged: false },
			nothingKnown,
			{ signal: controller.signal, onProgress: (done) => done === 1 && controller.abort() }
		);
		const error = await pulling.then(
			() => undefined,
			(error: unknown) => error
		);
		expect(RegistryError.is(error, 'CANCELLED')).toBe(true);
	});

	it('pages through a model of 1,050 versions', async () => {
		const name = unique('big');
		await createModel(name);
		await createManyVersions(name, 1050, 's3://bucket/big/model');
		const counting = countingFetch();
		const result = await pullModels(
			new MlflowClient({ url: mlflowUrl() }, { fetch: counting.fetch }),
			server(),
			{ models: [name], onlyChanged: false },
			nothingKnown
		);
		const versions = result.snapshots[0]!.versions;
		expect(versions).toHaveLength(1050);
		expect(new Set(versions.map((v) => v.version)).size).toBe(1050);
		expect(result.notCarried).toEqual([
			expect.stringContaining(`${name} 1.0.0, 2.0.0, 3.0.0 and 1047 more come without files`)
		]);
		expect(versions.at(0)!.version).toBe('1.0.0');
		expect(versions.at(-1)!.version).toBe('1050.0.0');
		expect(counting.urls.filter((url) => url.includes('model-versions/search'))).toEqual([
			expect.stringContaining('max_results=1000'),
			expect.stringContaining('page_token=')
		]);
	}, 90_000);
});
