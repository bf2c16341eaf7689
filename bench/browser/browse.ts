/**
 * The registry that bench/browse.mjs opens in the built app: `models` models of `perModel` versions,
 * plus one model of `bigVersions`, each version with its registration event. Runs in a page of the
 * app's origin (IndexedDB belongs to an origin) while no app page is open, and writes through the
 * store port into the app's own database: a seed takes seconds where importing the same data through
 * the app would take minutes, and the rows are the same.
 */
import { DexieModelStore } from '../../src/lib';
import { APP_DATABASE_NAME } from '../../src/lib/worker/contract';
import { seedModel, versionRecord } from './seed';

interface BrowseData {
	models: number;
	perModel: number;
	bigModel: string;
	bigVersions: number;
	/** Rows per page of the model page's version table. */
	pageSize: number;
}

/** Seeds, and says which versions the big model's table (highest first) shows where, to check pages by. */
export async function seedBrowse({ models, perModel, bigModel, bigVersions, pageSize }: BrowseData) {
	const start = performance.now();
	const store = new DexieModelStore({ name: APP_DATABASE_NAME });
	await store.clear();
	for (let m = 0; m < models; m++)
		await seedModel(store, `model-${String(m).padStart(4, '0')}`, perModel, { history: true });
	await seedModel(store, bigModel, bigVersions, { history: true });
	await store.close();
	const at = (i: number) => versionRecord(bigModel, i).version;
	return {
		seedSeconds: Number(((performance.now() - start) / 1000).toFixed(1)),
		database: APP_DATABASE_NAME,
		firstRow: at(bigVersions - 1),
		secondPageFirstRow: at(bigVersions - 1 - pageSize),
		lastRow: at(0)
	};
}
