/// <reference lib="webworker" />
/** The ceilings for the registry worker, in a worker too: plain Dexie puts, and one Blob in plain IndexedDB. */
import * as Comlink from 'comlink';
import { Dexie } from 'dexie';
import type { ModelVersion } from '../../src/lib';
import { RegistryDatabase, toStoredVersion, type StoredVersion } from '../../src/lib/store/database';
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

/** Runs `work` on empty databases with the app's schema, deleted afterwards. */
async function inEmpty<T>(databases: RegistryDatabase[], work: () => Promise<T>): Promise<T> {
	for (const database of databases) {
		await database.delete();
		await database.open();
	}
	try {
		return await work();
	} finally {
		for (const database of databases) await database.delete();
	}
}

/**
 * How the floor makes its reads: waited for before the writes, as `register` does; sent with the
 * writes (what a registration that guessed the rows and checked them as they came back would cost);
 * or not at all (the writes alone).
 */
const FLOOR_READS = ['wait', 'with-writes', 'none'] as const;
type FloorReads = (typeof FLOOR_READS)[number];

/**
 * The requests one registration makes, in one transaction over the app's tables, with no validation,
 * no summary worked out and no series upkeep: read the version, its model and its chart bucket, then
 * write the version row with its index keys, the model, a history event and the bucket.
 */
function floorRequests(
	database: RegistryDatabase,
	version: ModelVersion,
	row: StoredVersion,
	i: number,
	reads: FloorReads
): Promise<unknown> {
	return database.transaction(
		'rw',
		[database.models, database.versions, database.artifacts, database.events, database.seriesBuckets],
		async () => {
			const name = version.modelName;
			const read =
				reads === 'none'
					? undefined
					: Promise.all([
							database.versions.get([name, version.version]),
							database.models.get(name),
							database.seriesBuckets.get([name, ''])
						]);
			if (reads === 'wait') await read;
			await Promise.all([
				read,
				database.versions.put(row),
				database.models.put({
					name,
					description: '',
					tags: {},
					aliases: {},
					createdAt: version.createdAt,
					updatedAt: version.updatedAt,
					versionCount: i + 1
				} as never),
				database.events.add({
					at: version.createdAt,
					kind: 'version.registered',
					model: name,
					version: version.version,
					after: version
				} as never),
				database.seriesBuckets.put({ model: name, from: '', last: row.semverKey, count: i + 1, points: [] })
			]);
		}
	);
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
		inEmpty([app], () => timeEach(versions.map(toStoredVersion), (row) => app.versions.put(row))),
	/**
	 * The floor under `register`'s latency in this schema (`floorRequests`), each version in its own
	 * transaction, three ways, to tell how much of it is the wait for the reads. The ways take turns
	 * version by version, each in a database of its own, so that none is measured while the browser
	 * still tidies up after another.
	 */
	registerFloors: async (versions: ModelVersion[]) => {
		const ways = FLOOR_READS.map((reads) => ({
			reads,
			database: new RegistryDatabase(`bench-raw-worker-floor-${reads}`)
		}));
		const turns = versions.flatMap((version, i) => {
			const row = toStoredVersion(version);
			return ways.map(
				({ reads, database }) =>
					() =>
						floorRequests(database, version, row, i, reads)
			);
		});
		const times = await inEmpty(
			ways.map((way) => way.database),
			() => timeEach(turns, (turn) => turn())
		);
		// The ways take turns: turn t was made by way t modulo their number.
		const timesOf = (way: number) => times.filter((_, turn) => turn % ways.length === way);
		return Object.fromEntries(FLOOR_READS.map((reads, way) => [reads, timesOf(way)])) as Record<
			FloorReads,
			number[]
		>;
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
