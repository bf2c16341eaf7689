/// <reference lib="webworker" />
/** The ceiling for the registry worker: plain Dexie puts of the same records, in a worker too. */
import * as Comlink from 'comlink';
import { Dexie } from 'dexie';

const db = new Dexie('bench-raw-worker');
db.version(1).stores({ versions: '[modelName+version]' });

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
	}
};

export type RawWorkerApi = typeof api;
Comlink.expose(api);
