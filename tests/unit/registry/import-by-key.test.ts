/**
 * An import into a model reads only the versions the bundle names (issue 18: adding one version to a
 * model of a million took 39 s), and keeps the model's summary by delta: the record it writes is the one
 * computing it from every version gives, and the registry checks clean.
 */
import { describe, expect, it } from 'vitest';
import {
	ModelRegistry,
	summarize,
	type ModelSnapshot,
	type ModelStore,
	type ModelVersion,
	type StoreTx
} from '$lib';
import { aVersion } from '../builders';
import { STORES } from '../stores';

/** The store, counting the versions whole-model reads return: what an import read beyond the keys it named. */
function counting(store: ModelStore) {
	const counted = { rowsListed: 0 };
	const wrap = (tx: StoreTx): StoreTx =>
		Object.assign(Object.create(tx) as StoreTx, {
			listVersions: async (...args: Parameters<StoreTx['listVersions']>) => {
				const rows = await tx.listVersions(...args);
				counted.rowsListed += rows.length;
				return rows;
			}
		});
	const wrapped: ModelStore = {
		read: (work) => store.read((tx) => work(wrap(tx))),
		write: (work) => store.write((tx) => work(wrap(tx))),
		close: () => store.close()
	};
	return { store: wrapped, counted };
}

const AT = '2026-06-01T00:00:00.000Z';
const bundled = (version: string, patch: Partial<ModelVersion> = {}) =>
	aVersion({ version, framework: 'sklearn', createdAt: AT, updatedAt: AT, ...patch });

function snapshot(versions: ModelVersion[], aliases: Record<string, string> = {}): ModelSnapshot {
	return {
		model: { name: 'm', description: '', tags: {}, createdAt: AT, updatedAt: AT, aliases },
		versions,
		history: versions.map((v) => ({ at: AT, kind: 'version.registered', version: v.version, after: v }))
	};
}

describe.each(STORES)('an import into a large model on %s', (_store, makeStore) => {
	it('reads only the versions it names and keeps the summary as every version gives it', async () => {
		const { store, counted } = counting(makeStore());
		const registry = new ModelRegistry(store);
		for (let i = 0; i < 10; i++) await registry.register({ name: 'm', version: `1.${i}.0` });
		await registry.transitionStage('m', '1.2.0', 'production');
		await registry.setAlias('m', 'stable', '1.1.0');
		counted.rowsListed = 0;

		// A new version in production (which archives 1.2.0), 1.3.0 replaced, 1.4.0 as it is here.
		const here = (await registry.getVersion('m', '1.4.0'))!;
		const incoming = snapshot(
			[
				bundled('2.0.0', { stage: 'production', framework: 'onnx' }),
				bundled('1.3.0', { stage: 'staging', description: 'retrained' }),
				here
			],
			{ next: '2.0.0', old: '1.4.0' }
		);
		const plan = await registry.planImport([incoming]);
		expect(plan.counts).toEqual({ newModels: 0, newVersions: 1, identical: 1, conflicting: 1 });
		const result = await registry.importSnapshots([incoming], { policy: 'replace', artifacts: new Map() });
		expect(result).toEqual({ models: 1, added: 1, replaced: 1, skipped: 0 });
		expect(counted.rowsListed, 'versions read beyond those the bundle names').toBe(0);

		const model = (await registry.getModel('m'))!;
		const all = await registry.allVersions();
		expect(model).toMatchObject({
			versionCount: 11,
			latestVersion: '2.0.0',
			framework: 'onnx',
			productionVersion: '2.0.0',
			stageCounts: { development: 8, staging: 1, production: 1, archived: 1 },
			aliases: { stable: '1.1.0', next: '2.0.0', old: '1.4.0' }
		});
		expect(model).toMatchObject(summarize(all));
		expect((await registry.getVersion('m', '1.2.0'))?.stage).toBe('archived');
		expect((await registry.getVersion('m', '1.3.0'))?.description).toBe('retrained');
		expect(await registry.verify()).toMatchObject({ problems: [] });
		await registry.close();
	});

	it('settles production when the bundle rewrites the production version out of it', async () => {
		const registry = new ModelRegistry(makeStore());
		for (let i = 0; i < 6; i++) await registry.register({ name: 'm', version: `1.${i}.0` });
		await registry.transitionStage('m', '1.5.0', 'production');
		const incoming = snapshot([bundled('1.5.0', { stage: 'archived' })]);
		await registry.importSnapshots([incoming], { policy: 'replace', artifacts: new Map() });

		const model = (await registry.getModel('m'))!;
		expect(model.productionVersion).toBeUndefined();
		expect(model.stageCounts).toEqual({ development: 5, staging: 0, production: 0, archived: 1 });
		expect(model).toMatchObject(summarize(await registry.allVersions()));
		expect(await registry.verify()).toMatchObject({ problems: [] });
		await registry.close();
	});
});
