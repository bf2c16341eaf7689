import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '$lib';
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
		expect(progress.at(-1)).toBe(versions);
		expect((await registry.listModels()).total).toBe(SAMPLE_MODELS.length + 1);

		for (const sample of SAMPLE_MODELS) {
			const model = await registry.getModel(sample.name);
			expect(model).toMatchObject({ versionCount: sample.versions, framework: sample.framework });
			expect(model?.stageCounts.production).toBe(1);
			expect(model?.stageCounts.archived).toBeGreaterThan(0);
			expect(model?.aliases.champion).toBe(model?.productionVersion);
			const latest = await registry.getLatest(sample.name);
			expect((await registry.loadArtifact(sample.name, latest!.version))?.size).toBe(latest?.artifact?.size);
			const history = await registry.history(sample.name);
			expect(history.filter((e) => e.kind === 'version.stage_changed').length).toBeGreaterThan(2);
		}
	});

	it('leaves models that already exist alone when loaded again', async () => {
		const registry = new ModelRegistry();
		await loadSampleData(registry);
		expect(await loadSampleData(registry)).toEqual({ models: 0, versions: 0 });
	});
});
