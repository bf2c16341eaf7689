/**
 * Benchmarks that run inside Chromium against real IndexedDB. Each scenario times the registry and
 * a baseline doing the same job with raw IndexedDB in the same run, since machines are noisy.
 */
import { DexieModelStore, ModelRegistry, type Range } from '../../src/lib';
import { writeBundle } from '../../src/lib/bundle/export';
import { artifacts } from './artifacts';
import { modelFiles } from './model-files';
import { mlflow } from './mlflow';
import { seedBrowse } from './browse';
import { bulkLoadAtScale } from './bulk-load';
import { bundleAtScale } from './bundle';
import { searchCleanup, searchSeed, searchTyping } from './search';
import { seedModel } from './seed';
import { workerScenarios } from './worker';
import { metricsAtScale } from './metrics';
import { now, openRaw, timeRuns } from './runs';

/** Raw IndexedDB, no Dexie and no registry: `limit` rows of an index range from `offset`. */
function rawPage(db: IDBDatabase, index: string, model: string, range: Range, direction: IDBCursorDirection) {
	return new Promise<unknown[]>((resolve, reject) => {
		const tx = db.transaction('versions', 'readonly');
		const request = tx
			.objectStore('versions')
			.index(index)
			.openCursor(IDBKeyRange.bound([model, ''], [model, '\uffff']), direction);
		const rows: unknown[] = [];
		let skipped = false;
		request.onsuccess = () => {
			const cursor = request.result;
			if (!cursor) return;
			if (!skipped && range.offset > 0) {
				skipped = true;
				cursor.advance(range.offset);
				return;
			}
			rows.push(cursor.value);
			if (rows.length < range.limit) cursor.continue();
		};
		tx.oncomplete = () => resolve(rows);
		tx.onerror = () => reject(tx.error);
	});
}

/** What a registry that "loads everything" does: every version of the model, then sort and slice. */
function rawAll(db: IDBDatabase, model: string) {
	return new Promise<unknown[]>((resolve, reject) => {
		const request = db
			.transaction('versions', 'readonly')
			.objectStore('versions')
			.getAll(IDBKeyRange.bound([model, ''], [model, '\uffff']));
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

export async function listVersionsAtScale(versionCount: number, runs: number) {
	const dbName = `bench-list-${versionCount}`;
	const store = new DexieModelStore({ name: dbName });
	const registry = new ModelRegistry(store);
	const model = 'big-model';
	if ((await registry.getModel(model))?.versionCount !== versionCount) {
		await store.db.delete();
		await store.db.open();
		const start = now();
		await seedModel(store, model, versionCount);
		console.log(`seeded ${versionCount} versions in ${((now() - start) / 1000).toFixed(1)} s`);
	}
	const deep = Math.floor(versionCount / 2);
	const raw = await openRaw(dbName);
	const results = {
		versionCount,
		firstPageSemverDesc: await timeRuns(runs, () => registry.listVersions(model, { limit: 50 })),
		firstPageCreatedDesc: await timeRuns(runs, () =>
			registry.listVersions(model, { limit: 50, order: 'created-desc' })
		),
		deepPageSemverAsc: await timeRuns(runs, () =>
			registry.listVersions(model, { offset: deep, limit: 50, order: 'semver-asc' })
		),
		latest: await timeRuns(runs, () => registry.getLatest(model)),
		rawFirstPage: await timeRuns(runs, () =>
			rawPage(raw, '[modelName+semverKey]', model, { offset: 0, limit: 50 }, 'prev')
		),
		rawDeepPage: await timeRuns(runs, () =>
			rawPage(raw, '[modelName+semverKey]', model, { offset: deep, limit: 50 }, 'next')
		),
		loadEverything: await timeRuns(Math.min(runs, 3), () => rawAll(raw, model))
	};
	raw.close();
	await registry.close();
	return results;
}

declare global {
	interface Window {
		bench: {
			listVersionsAtScale: typeof listVersionsAtScale;
			bundleAtScale: typeof bundleAtScale;
			startupBundle: typeof startupBundle;
			workerScenarios: typeof workerScenarios;
			searchSeed: typeof searchSeed;
			searchTyping: typeof searchTyping;
			searchCleanup: typeof searchCleanup;
			bulkLoadAtScale: typeof bulkLoadAtScale;
			seedBrowse: typeof seedBrowse;
			artifacts: typeof artifacts;
			modelFiles: typeof modelFiles;
			mlflow: typeof mlflow;
			metricsAtScale: typeof metricsAtScale;
		};
	}
}
window.bench = {
	listVersionsAtScale,
	bundleAtScale,
	startupBundle,
	workerScenarios,
	searchSeed,
	searchTyping,
	searchCleanup,
	bulkLoadAtScale,
	seedBrowse,
	artifacts,
	modelFiles,
	mlflow,
	metricsAtScale
};

/** A bundle of `count` models with one version each, for the startup benchmark, as base64. */
async function startupBundle(count: number): Promise<string> {
	const registry = new ModelRegistry();
	for (let i = 0; i < count; i++) {
		await registry.register({
			name: `model-${String(i).padStart(4, '0')}`,
			version: '1.0.0',
			framework: 'sklearn',
			metrics: { accuracy: (i % 100) / 100 },
			tags: { team: `team-${i % 20}` }
		});
	}
	const { snapshots, artifacts } = await registry.snapshot();
	const blob = (await writeBundle(snapshots, artifacts, undefined)) as Blob;
	const bytes = new Uint8Array(await blob.arrayBuffer());
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000)
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}
