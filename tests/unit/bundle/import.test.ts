import { describe, expect, it } from 'vitest';
import { ModelRegistry, RegistryError } from '$lib';
import { exportBundle, importBundle, observe, readWhole } from './helpers';

async function twoRegistries() {
	const source = new ModelRegistry();
	const target = new ModelRegistry();
	await source.register({
		name: 'm',
		version: '1.0.0',
		tags: { from: 'source' },
		artifact: new Uint8Array([1])
	});
	await source.register({ name: 'm', version: '2.0.0', tags: { from: 'source' } });
	await source.transitionStage('m', '2.0.0', 'production');
	await source.setAlias('m', 'champion', '2.0.0');
	await target.register({ name: 'm', version: '1.0.0', tags: { from: 'target' } });
	await target.register({ name: 'm', version: '3.0.0' });
	await target.transitionStage('m', '3.0.0', 'production');
	await target.setAlias('m', 'champion', '3.0.0');
	return { source, target, bundle: await exportBundle(source) };
}

describe('importing into a registry that has some of it', () => {
	it('plans which versions are new, identical and conflicting', async () => {
		const { target, bundle } = await twoRegistries();
		const plan = await target.planImport((await readWhole(bundle)).snapshots);
		expect(plan.models).toEqual([
			{
				name: 'm',
				isNew: false,
				newVersions: 1,
				identical: 0,
				conflicting: 1,
				conflictingVersions: ['1.0.0']
			}
		]);
		expect(plan.counts).toEqual({ newModels: 0, newVersions: 1, identical: 0, conflicting: 1 });
	});

	it('with "fail", refuses the whole import on a conflict and changes nothing', async () => {
		const { target, bundle } = await twoRegistries();
		const before = await observe(target);
		const error = await importBundle(target, bundle, 'fail').catch((e: unknown) => e);
		expect(RegistryError.is(error, 'CONFLICT')).toBe(true);
		expect((error as Error).message).toBe(
			'Version 1.0.0 of m already exists with different content. Nothing was imported.'
		);
		expect(await observe(target)).toEqual(before);
	});

	it('with "skip", keeps local versions and aliases, and adds the rest as they come', async () => {
		const { target, bundle } = await twoRegistries();
		const { result } = await importBundle(target, bundle, 'skip');
		expect(result).toEqual({ models: 1, added: 1, replaced: 0, skipped: 1 });
		expect((await target.getVersion('m', '1.0.0'))?.tags).toEqual({ from: 'target' });
		// The added 2.0.0 arrives in production: the newest promotion, which wins as transitionStage's does.
		expect((await target.getProductionModel('m'))?.version).toBe('2.0.0');
		expect((await target.getVersion('m', '3.0.0'))?.stage).toBe('archived');
		expect((await target.history('m', '3.0.0')).at(-1)).toMatchObject({
			kind: 'version.stage_changed',
			after: { stage: 'archived', replacedBy: '2.0.0' }
		});
		expect((await target.getModel('m'))?.aliases).toEqual({ champion: '3.0.0' });
		expect(await target.getModel('m')).toMatchObject({
			versionCount: 3,
			latestVersion: '3.0.0',
			stageCounts: { development: 1, staging: 0, production: 1, archived: 1 }
		});
	});

	it('with "replace", takes the bundle\'s versions, aliases and production version', async () => {
		const { target, bundle } = await twoRegistries();
		const { result } = await importBundle(target, bundle, 'replace');
		expect(result).toEqual({ models: 1, added: 1, replaced: 1, skipped: 0 });
		expect((await target.getVersion('m', '1.0.0'))?.tags).toEqual({ from: 'source' });
		expect((await target.loadFile('m', '1.0.0', 'artifact')).size).toBe(1);
		expect((await target.getProductionModel('m'))?.version).toBe('2.0.0');
		expect((await target.getVersion('m', '3.0.0'))?.stage).toBe('archived');
		expect((await target.getModel('m'))?.aliases).toEqual({ champion: '2.0.0' });
		const history = await target.history('m');
		expect(history.at(-1)).toMatchObject({
			kind: 'model.imported',
			after: { added: ['2.0.0'], replaced: ['1.0.0'] }
		});
	});

	it("imports the reference registry's to_dict() records", async () => {
		const records = [
			{
				version: '1.0.0',
				model_name: 'legacy',
				stage: 'PRODUCTION',
				framework: 'sklearn',
				metrics: { accuracy: 0.9, f1_score: 0.8, auc_roc: null, custom_metrics: { loss: 0.3 } },
				parameters: { depth: 3 },
				tags: { team: 'a' },
				description: 'old',
				created_at: '2025-01-01T10:00:00.123456',
				updated_at: '2025-01-02T10:00:00'
			},
			{ version: '1.1.0', model_name: 'legacy', created_at: '2025-02-01T00:00:00Z' }
		];
		const file = new Blob([JSON.stringify(records)], { type: 'application/json' });
		const registry = new ModelRegistry();
		await importBundle(registry, file);
		expect(await registry.getVersion('legacy', '1.0.0')).toMatchObject({
			stage: 'production',
			framework: 'sklearn',
			metrics: { accuracy: 0.9, f1Score: 0.8, custom: { loss: 0.3 } },
			createdAt: '2025-01-01T10:00:00.123456Z',
			updatedAt: '2025-01-02T10:00:00Z'
		});
		expect((await registry.history('legacy', '1.1.0'))[0]).toMatchObject({
			kind: 'version.registered',
			at: '2025-02-01T00:00:00Z'
		});
		await expect(
			readWhole(new Blob([JSON.stringify([{ version: '1.0', model_name: 'x' }])]))
		).rejects.toThrow(
			'manifest.json: models[0].versions[0].version: "1.0" is not a valid SemVer 2.0.0 version; did you mean "1.0.0"?'
		);
	});
});
