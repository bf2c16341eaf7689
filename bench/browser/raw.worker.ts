/// <reference lib="webworker" />
/** The ceilings for the registry worker, in a worker too: plain Dexie puts, and one Blob in plain IndexedDB. */
import * as Comlink from 'comlink';
import { Dexie } from 'dexie';
import { openBlobStore, rawGet, rawPut } from './blobs';

const db = new Dexie('bench-raw-worker');
db.version(1).stores({ versions: '[modelName+version]' });

const BLOBS = 'bench-raw-worker-blobs';
let blobs: Promise<IDBDatabase> | undefined;

const api = {
	noop: () => undefined,
	clear: () => db.table('versions').clear(),
	/** One put per record, each its own transaction, as one registration is: the latency of each. */
	async putEach(records: object[]): Promise<number[]> {
		const times: number[] = [];
		for (const record of records) {
			const start = performance.now();
			await db.table('versions').put(record);
			times.push(performance.now() - start);
		}
		return times;
	},
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
