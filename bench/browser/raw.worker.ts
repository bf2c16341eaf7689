/// <reference lib="webworker" />
/** The ceilings for the registry worker, in a worker too: plain Dexie puts, and one Blob in plain IndexedDB. */
import * as Comlink from 'comlink';
import { Dexie } from 'dexie';
import type { ModelVersion } from '../../src/lib';
import { RegistryDatabase, toStoredVersion } from '../../src/lib/store/database';
import { openBlobStore, rawGet, rawPut } from './blobs';

const db = new Dexie('bench-raw-worker');
db.version(1).stores({ versions: '[modelName+version]' });
/** The app's schema, for the requests a registration makes with none of the registry's work around them. */
const app = new RegistryDatabase('bench-raw-worker-app');

const BLOBS = 'bench-raw-worker-blobs';
let blobs: Promise<IDBDatabase> | undefined;

/** Runs `write` for each item in turn, and answers how long each took, in ms. */
async function timeEach<T>(
	items: T[],
	write: (item: T, index: number) => Promise<unknown>
): Promise<number[]> {
	const times: number[] = [];
	for (const [i, item] of items.entries()) {
		const start = performance.now();
		await write(item, i);
		times.push(performance.now() - start);
	}
	return times;
}

/** Runs `work` on an empty database with the app's schema, deleted afterwards. */
async function inEmptyApp<T>(work: () => Promise<T>): Promise<T> {
	await app.delete();
	await app.open();
	try {
		return await work();
	} finally {
		await app.delete();
	}
}

const api = {
	noop: () => undefined,
	clear: () => db.table('versions').clear(),
	/** One put per record, each its own transaction, as one registration is: the latency of each. */
	putEach: (records: object[]) => timeEach(records, (record) => db.table('versions').put(record)),
	/**
	 * The same, for the version row as the app stores it (with its index keys: search order, tags, text
	 * trigrams) into the app's versions table: what the row alone costs to write. The row is made
	 * before the clock starts.
	 */
	putEachIndexed: (versions: ModelVersion[]) =>
		inEmptyApp(() => timeEach(versions.map(toStoredVersion), (row) => app.versions.put(row))),
	/**
	 * The requests one registration makes, each version in its own transaction over the app's tables,
	 * with no validation, no summary worked out and no series upkeep: read the version, its model and
	 * its chart bucket (one wait), then write the version row with its index keys, the model, a history
	 * event and the bucket (one wait). The floor under `register`'s latency in this schema.
	 */
	registerFloor: (versions: ModelVersion[]) =>
		inEmptyApp(() =>
			timeEach(
				versions.map((version) => ({ version, row: toStoredVersion(version) })),
				({ version, row }, i) =>
					app.transaction(
						'rw',
						[app.models, app.versions, app.artifacts, app.events, app.seriesBuckets],
						async () => {
							const name = version.modelName;
							await Promise.all([
								app.versions.get([name, version.version]),
								app.models.get(name),
								app.seriesBuckets.get([name, ''])
							]);
							await Promise.all([
								app.versions.put(row),
								app.models.put({
									name,
									description: '',
									tags: {},
									aliases: {},
									createdAt: version.createdAt,
									updatedAt: version.updatedAt,
									versionCount: i + 1
								} as never),
								app.events.add({
									at: version.createdAt,
									kind: 'version.registered',
									model: name,
									version: version.version,
									after: version
								} as never),
								app.seriesBuckets.put({
									model: name,
									from: '',
									last: row.semverKey,
									count: i + 1,
									points: []
								})
							]);
						}
					)
			)
		),
	/** Stores the Blob (a handle, as it crossed) with no hashing and no registry: what storing an artifact costs. */
	async putBlob(blob: Blob): Promise<void> {
		blobs ??= openBlobStore(BLOBS);
		await rawPut(await blobs, blob);
	},
	/** Several Blobs in one transaction, each under its index: what storing a folder's files costs. */
	async putBlobs(list: Blob[]): Promise<void> {
		blobs ??= openBlobStore(BLOBS);
		const db = await blobs;
		await new Promise<void>((resolve, reject) => {
			const tx = db.transaction('blobs', 'readwrite');
			list.forEach((blob, i) => tx.objectStore('blobs').put(blob, `file-${i}`));
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
		});
	},
	async getBlob(): Promise<Blob> {
		blobs ??= openBlobStore(BLOBS);
		return rawGet(await blobs);
	},
	async dropBlobs(): Promise<void> {
		(await blobs)?.close();
		blobs = undefined;
		const request = indexedDB.deleteDatabase(BLOBS);
		await new Promise((done) => (request.onsuccess = request.onerror = done));
	}
};

export type RawWorkerApi = typeof api;
Comlink.expose(api);
