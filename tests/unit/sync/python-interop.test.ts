/**
 * The app and the Python CLI follow the same conventions with MLflow (src/lib/sync/conventions.ts): a
 * version the CLI pushes, the app pulls as it was, and a version the app pushes, the CLI brings back in a
 * bundle as it was. Both through the run's real MLflow server and the project venv's real commands.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ModelVersion } from '$lib';
import { openApi } from '../worker/open-api';

const run = promisify(execFile);
const url = inject('mlflowUrl');
const venvCommand = (name: string) => resolve('.venv/bin', name);

const folders: string[] = [];
afterEach(async () => {
	for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function tempFolder(): Promise<string> {
	const folder = await mkdtemp(join(tmpdir(), 'model-registry-interop-'));
	folders.push(folder);
	return folder;
}

/** A registry with one model of two versions: files in a folder, metrics, parameters, tags, a stage. */
async function registryWithModel(name: string) {
	const api = openApi();
	await api.register({
		name,
		version: '2.1.0',
		framework: 'pytorch',
		metrics: { accuracy: 0.93, custom: { latency_ms: 12.5 } },
		parameters: { lr: 0.001, layers: [64, 32], optimizer: 'adam' },
		tags: { team: 'vision' },
		description: 'Trained on **more** data.',
		files: [
			{ path: 'config.json', content: new TextEncoder().encode('{"layers": 2}') },
			{ path: 'weights/model.bin', content: new Uint8Array(5000).fill(9) }
		]
	});
	await api.register({ name, version: '2.2.0', metrics: { accuracy: 0.95, custom: {} } });
	await api.transitionStage(name, '2.1.0', 'production');
	return api;
}

/**
 * What must come back the same, whichever way a version travelled: all but where it was pulled from (the
 * `mlflow.*` tags), its dates (the server's) and its files' media types (MLflow keeps none; see docs/mlflow.md).
 */
function essence(version: ModelVersion | undefined) {
	if (!version) return undefined;
	const tags = Object.fromEntries(Object.entries(version.tags).filter(([key]) => !key.startsWith('mlflow.')));
	const files = version.files?.map(({ path, sha256, size }) => ({ path, sha256, size }));
	const { stage, framework, metrics, parameters, description } = version;
	return { version: version.version, stage, framework, metrics, parameters, tags, description, files };
}

describe('the app and the Python CLI through one MLflow server', () => {
	it('pulls what bundle-to-mlflow pushed, version for version', async () => {
		const name = `cli-pushed-${crypto.randomUUID().slice(0, 8)}`;
		const here = await registryWithModel(name);
		const folder = await tempFolder();
		const bundle = join(folder, 'here.zip');
		await writeFile(
			bundle,
			new Uint8Array(await (await here.exportBundle({ models: [name] }))!.arrayBuffer())
		);
		await run(venvCommand('bundle-to-mlflow'), [bundle, '--tracking-uri', url]);

		const there = openApi();
		const server = await there.saveServer({ url });
		const pull = await there.previewPull(server.id, { models: [name], onlyChanged: false });
		await there.applyPull(pull.pullId, 'skip');
		for (const version of ['2.1.0', '2.2.0']) {
			expect(essence(await there.getVersion(name, version))).toEqual(
				essence(await here.getVersion(name, version))
			);
		}
	});

	it('gives back in a bundle from mlflow-to-bundle what the app pushed', async () => {
		const name = `app-pushed-${crypto.randomUUID().slice(0, 8)}`;
		const here = await registryWithModel(name);
		const server = await here.saveServer({ url });
		const versions = ['2.1.0', '2.2.0'].map((version) => ({ model: name, version }));
		await here.push((await here.previewPush(server.id, versions)).pushId);

		const folder = await tempFolder();
		const bundle = join(folder, 'from-mlflow.zip');
		await run(venvCommand('mlflow-to-bundle'), ['--tracking-uri', url, '--model', name, bundle]);
		const there = openApi();
		const preview = await there.previewImport(new Blob([await readFile(bundle)]));
		await there.applyImport(preview.importId, 'skip');
		for (const version of ['2.1.0', '2.2.0']) {
			expect(essence(await there.getVersion(name, version))).toEqual(
				essence(await here.getVersion(name, version))
			);
		}
	});
});
