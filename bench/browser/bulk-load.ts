/**
 * Loading many versions at once through the app's real path — a bundle imported by the app's worker:
 * preview (read, validate, plan), then apply in one transaction — against raw Dexie `bulkPut` of the
 * same version rows into a table with the app's own schema (the ceiling), in the same run.
 */
import type { SnapshotPart } from '../../src/lib';
import { writeBundle } from '../../src/lib/bundle/export';
import { RegistryDatabase, toStoredVersion } from '../../src/lib/store/database';
import { registry as appRegistry } from '../../src/lib/worker/client';
import { timed } from '../measure.js';
import { registeredEvent, SEED_START, versionRecord } from './seed';

/** Records a part holds, as the app's own exports make them. */
const PART = 1_000;

/**
 * `models` models of `perModel` versions each, with the history a registry that made them would
 * export, made a part at a time as the zip writer asks: a million versions never exist at once here.
 */
async function* parts(models: number, perModel: number): AsyncGenerator<SnapshotPart> {
	const at = new Date(SEED_START).toISOString();
	for (let m = 0; m < models; m++) {
		const name = modelName(m);
		const model = { name, description: '', tags: {}, createdAt: at, updatedAt: at, aliases: {} };
		for (let from = 0; from < perModel; from += PART) {
			const versions = versionsOf(name, from, Math.min(perModel, from + PART));
			yield { model, versions, history: [], more: true };
		}
		for (let from = 0; from < perModel; from += PART) {
			const history = versionsOf(name, from, Math.min(perModel, from + PART)).map(registeredEvent);
			yield { model, versions: [], history, ...(from + PART < perModel && { more: true as const }) };
		}
	}
}

const modelName = (m: number) => `model-${String(m).padStart(4, '0')}`;
const versionsOf = (name: string, from: number, to: number) =>
	Array.from({ length: to - from }, (_, i) => versionRecord(name, from + i));

const perSecond = (records: number, ms: number) => Math.round((records / ms) * 1000);

export async function bulkLoadAtScale(models: number, perModel: number) {
	const records = models * perModel;
	const made = await timed(
		async () => (await writeBundle(parts(models, perModel), new Map(), undefined)) as Blob
	);
	const bundle = made.value;

	const app = appRegistry();
	await app.wipe();
	// The bundle crosses to the worker as a handle, as a file the user picked does.
	// Each step says when it is done (the runner prints the page's console): at a million versions the
	// scenario takes most of an hour, and this tells how far it got.
	const done = (step: string, ms: number) => console.log(`bulk load: ${step} in ${Math.round(ms / 1000)} s`);
	done('bundle made', made.ms);
	const preview = await timed(() => app.previewImport(bundle));
	done('preview', preview.ms);
	const apply = await timed(() => app.applyImport(preview.value.importId, 'fail'));
	done('apply', apply.ms);
	if (apply.value.added !== records) throw new Error(`Imported ${apply.value.added} of ${records} versions.`);
	// And out again, as "Export everything" writes it: read a part at a time while the zip is written.
	const exported = await timed(async () => (await app.exportBundle({})) as Blob);
	done('export', exported.ms);
	// Given back whole: previewed against the registry it came from, every version is identical.
	const again = await app.previewImport(exported.value);
	await app.discardImport(again.importId);
	if (again.plan.counts.identical !== records || again.versions !== records)
		throw new Error(`The export gave back ${again.plan.counts.identical} of ${records} versions unchanged.`);
	await app.wipe();

	// The ceiling: the rows the app's versions table holds (the record plus its index keys), put by
	// bulkPut into a table with the same indexes in one transaction, on the page thread, made a part at
	// a time. No checks, no history, no summaries.
	const raw = new RegistryDatabase('bench-bulk-raw');
	await raw.delete();
	await raw.open();
	const bulkPut = await timed(() =>
		raw.transaction('rw', raw.versions, async () => {
			for (let m = 0; m < models; m++) {
				for (let from = 0; from < perModel; from += PART) {
					const rows = versionsOf(modelName(m), from, Math.min(perModel, from + PART)).map(toStoredVersion);
					await raw.versions.bulkPut(rows);
				}
			}
		})
	);
	done('raw bulkPut', bulkPut.ms);
	await raw.delete();

	const importMs = preview.ms + apply.ms;
	return {
		models,
		versions: records,
		bundleMiB: Number((bundle.size / 2 ** 20).toFixed(1)),
		exportedMiB: Number((exported.value.size / 2 ** 20).toFixed(1)),
		bundleMadeSeconds: Number((made.ms / 1000).toFixed(1)),
		previewMs: Math.round(preview.ms),
		applyMs: Math.round(apply.ms),
		importMs: Math.round(importMs),
		importPerSecond: perSecond(records, importMs),
		exportMs: Math.round(exported.ms),
		bulkPutMs: Math.round(bulkPut.ms),
		bulkPutPerSecond: perSecond(records, bulkPut.ms)
	};
}
