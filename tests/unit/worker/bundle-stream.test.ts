/**
 * A bundle through the worker's api both ways, for a model larger than one part: the export reads
 * the registry a part at a time while the zip is written, and the import gives it back whole —
 * every version, every event in order, the aliases, the production version and the chart's buckets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DexieModelStore, EXPORT_PART_SIZE, ModelRegistry, type ModelStore, type ModelVersion } from '$lib';
import { createRegistryApi, type LocalRegistryApi } from '$lib/worker/api';
import { aVersion } from '../builders';
import { uniqueDatabaseName } from '../stores';

const AT = '2026-06-01T00:00:00.000Z';
const opened: LocalRegistryApi[] = [];
afterEach(async () => {
	for (const api of opened.splice(0)) await api.close();
});

function tab(store: ModelStore) {
	const api = createRegistryApi({ store, channel: `test-bundle-stream-${process.pid}-${opened.length}` });
	opened.push(api);
	return api;
}

/** Everything an export must carry, as the store holds it (event ids differ between registries). */
async function everything(store: ModelStore, model: string) {
	return store.read(async (tx) => ({
		model: await tx.getModel(model),
		versions: await tx.listVersions(model, { offset: 0, limit: Infinity, order: 'semver-asc' }),
		events: (await tx.listEvents(model)).map(({ id: _id, ...event }) => event),
		buckets: await tx.seriesBuckets(model)
	}));
}

describe('a bundle larger than a part, through the worker', () => {
	it('exports and imports again whole', async () => {
		const count = EXPORT_PART_SIZE * 2 + 345;
		const source = new DexieModelStore({ name: uniqueDatabaseName() });
		const versions: ModelVersion[] = [...Array(count).keys()].map((i) =>
			aVersion({
				modelName: 'big',
				version: `2.${Math.floor(i / 1000)}.${i % 1000}`,
				metrics: { accuracy: (i % 97) / 97, custom: {} },
				tags: { batch: String(i % 7) },
				createdAt: AT,
				updatedAt: AT
			})
		);
		await new ModelRegistry(source).importSnapshots(
			[
				{
					model: { name: 'big', description: 'd', tags: {}, createdAt: AT, updatedAt: AT, aliases: {} },
					versions,
					history: versions.map((v) => ({ at: AT, kind: 'version.registered' as const, version: v.version }))
				}
			],
			{ policy: 'skip', artifacts: new Map() }
		);
		const exporting = tab(source);
		await exporting.transitionStage('big', '2.1.500', 'production');
		await exporting.setAlias('big', 'champion', '2.0.7');
		await exporting.register({ name: 'small', version: '1.0.0', artifact: new Uint8Array([1, 2, 3]) });

		const exportProgress: Array<[number, number]> = [];
		const bundle = await exporting.exportBundle({}, undefined, undefined, (done, total) => {
			exportProgress.push([done, total]);
		});
		// The manifest's versions, then the artifacts' bytes, each up to its total.
		expect(exportProgress).toContainEqual([count + 1, count + 1]);
		expect(exportProgress.at(-1)).toEqual([3, 3]);
		const target = new DexieModelStore({ name: uniqueDatabaseName() });
		const importing = tab(target);
		const preview = await importing.previewImport(bundle!);
		expect(preview).toMatchObject({ models: 2, versions: count + 1, artifacts: 1 });
		const importProgress: Array<[number, number]> = [];
		const applied = await importing.applyImport(preview.importId, 'fail', undefined, (done, total) => {
			importProgress.push([done, total]);
		});
		expect(applied).toMatchObject({ models: 2, added: count + 1 });
		expect(importProgress).toContainEqual([3, 3]);
		expect(importProgress.at(-1)).toEqual([count + 1, count + 1]);

		const before = await everything(source, 'big');
		const after = await everything(target, 'big');
		expect(after.versions).toEqual(before.versions);
		// The history as it was, then the import's own event.
		expect(after.events.slice(0, -1)).toEqual(before.events);
		expect(after.events.at(-1)).toMatchObject({ kind: 'model.imported' });
		expect(after.model).toMatchObject({
			versionCount: count,
			productionVersion: '2.1.500',
			aliases: { champion: '2.0.7' }
		});
		expect(after.buckets).toEqual(before.buckets);
		// Check registry also finds every file a version names in storage, with its SHA-256.
		expect(await importing.verify()).toMatchObject({ problems: [] });
	});

	it('refuses to export a model that does not exist, writing nothing', async () => {
		const api = tab(new DexieModelStore({ name: uniqueDatabaseName() }));
		await expect(api.exportBundle({ models: ['missing'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
