import { describe, expect, it } from 'vitest';
import { ModelRegistry, RegistryError } from '$lib';
import { DexieModelStore } from '$lib/store';
import { uniqueDatabaseName } from '../stores';
import { loadSampleData, SAMPLE_MODELS } from '$lib/worker/sample-data';

describe('sample data', () => {
	it('creates every sample model with its versions, artifacts, production history and aliases', async () => {
		const registry = new ModelRegistry();
		const progress: number[] = [];
		const result = await registry
			.register({ name: 'mine', version: '1.0.0' })
			.then(() => loadSampleData(registry, { onProgress: (done) => progress.push(done) }));
		const versions = SAMPLE_MODELS.reduce((sum, m) => sum + m.versions, 0);
		expect(result).toEqual({ models: SAMPLE_MODELS.length, versions });
		// Each version counts twice: prepared (hashed), then written.
		expect(progress.at(-1)).toBe(2 * versions);
		expect((await registry.listModels()).total).toBe(SAMPLE_MODELS.length + 1);

		for (const sample of SAMPLE_MODELS) {
			const model = await registry.getModel(sample.name);
			expect(model).toMatchObject({ versionCount: sample.versions, framework: sample.framework });
			expect(model?.stageCounts.production).toBe(1);
			expect(model?.stageCounts.archived).toBeGreaterThan(0);
			expect(model?.aliases.champion).toBe(model?.productionVersion);
			const latest = await registry.getLatest(sample.name);
			// Each sample version is a folder of one file, named as the framework saves it.
			expect(latest?.files).toMatchObject([{ path: sample.filename }]);
			const file = latest!.files![0]!;
			expect((await registry.loadFile(sample.name, latest!.version, file.path)).size).toBe(file.size);
			const history = await registry.history(sample.name);
			expect(history.filter((e) => e.kind === 'version.stage_changed').length).toBeGreaterThan(2);
		}
	});

	it('leaves models that already exist alone when loaded again', async () => {
		const registry = new ModelRegistry();
		await loadSampleData(registry);
		expect(await loadSampleData(registry)).toEqual({ models: 0, versions: 0 });
	});

	it.each([
		['while preparing', 40],
		['halfway through writing', 230]
	])('keeps nothing of it when cancelled %s', async (_when, at) => {
		const registry = new ModelRegistry(new DexieModelStore({ name: uniqueDatabaseName() }));
		await registry.register({ name: 'mine', version: '1.0.0' });
		const controller = new AbortController();
		const loading = loadSampleData(registry, {
			signal: controller.signal,
			onProgress: (done) => done === at && controller.abort()
		});
		await expect(loading).rejects.toSatisfy((e) => RegistryError.is(e, 'CANCELLED'));
		expect((await registry.listModels()).items.map((m) => m.name)).toEqual(['mine']);
		expect(await registry.history('churn-classifier')).toEqual([]);
		await registry.close();
	});
});
