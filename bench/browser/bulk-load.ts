/**
 * Loading many versions at once through the app's real path — a bundle imported by the app's worker:
 * preview (read, validate, plan), then apply in one transaction — against raw Dexie `bulkPut` of the
 * same version rows into a table with the app's own schema (the ceiling), in the same run.
 */
import type { ModelSnapshot } from '../../src/lib';
import { writeBundle } from '../../src/lib/bundle/export';
import { RegistryDatabase, toStoredVersion } from '../../src/lib/store/database';
import { registry as appRegistry } from '../../src/lib/worker/client';
import { timed } from '../measure.js';
import { registeredEvent, SEED_START, versionRecord } from './seed';

/** `models` models of `perModel` versions each, with the history a registry that made them would export. */
function snapshots(models: number, perModel: number): ModelSnapshot[] {
	return Array.from({ length: models }, (_, m) => {
		const name = `model-${String(m).padStart(4, '0')}`;
		const versions = Array.from({ length: perModel }, (_, i) => versionRecord(name, i));
		const at = new Date(SEED_START).toISOString();
		return {
			model: { name, description: '', tags: {}, createdAt: at, updatedAt: at, aliases: {} },
			versions,
			history: versions.map(registeredEvent)
		};
	});
}

const perSecond = (records: number, ms: number) => Math.round((records / ms) * 1000);

export async function bulkLoadAtScale(models: number, perModel: number) {
	const records = models * perModel;
	const made = await timed(async () => {
		const content = snapshots(models, perModel);
		return { content, bundle: (await writeBundle(content, new Map(), undefined)) as Blob };
	});
	const { content, bundle } = made.value;

	const app = appRegistry();
	await app.wipe();
	// The bundle crosses to the worker as a handle, as a file the user picked does.
	const preview = await timed(() => app.previewImport(bundle));
	const apply = await timed(() => app.applyImport(preview.value.importId, 'fail'));
	if (apply.value.added !== records) throw new Error(`Imported ${apply.value.added} of ${records} versions.`);
	await app.wipe();

	// The ceiling: the rows the app's versions table holds (the record plus its index keys), in one
	// bulkPut into a table with the same indexes, on the page thread. No checks, no history, no summaries.
	const raw = new RegistryDatabase('bench-bulk-raw');
	await raw.delete();
	await raw.open();
	const rows = content.flatMap((s) => s.versions.map(toStoredVersion));
	const bulkPut = await timed(() => raw.versions.bulkPut(rows));
	await raw.delete();

	const importMs = preview.ms + apply.ms;
	return {
		models,
		versions: records,
		bundleMiB: Number((bundle.size / 2 ** 20).toFixed(1)),
		bundleMadeSeconds: Number((made.ms / 1000).toFixed(1)),
		previewMs: Math.round(preview.ms),
		applyMs: Math.round(apply.ms),
		importMs: Math.round(importMs),
		importPerSecond: perSecond(records, importMs),
		bulkPutMs: Math.round(bulkPut.ms),
		bulkPutPerSecond: perSecond(records, bulkPut.ms)
	};
}
