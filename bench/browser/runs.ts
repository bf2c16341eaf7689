/** Timing helpers the page-side scenarios share. */
import { median } from '../measure.js';

export const now = () => performance.now();

/** The median of `runs` timed calls of `work`, after one untimed warm-up call. */
export async function timeRuns(
	runs: number,
	work: () => Promise<unknown>
): Promise<{ medianMs: number; runs: number }> {
	await work(); // warm-up: opens the database and fills caches, as a user's second visit would
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const start = now();
		await work();
		times.push(now() - start);
	}
	return { medianMs: median(times, 3), runs };
}

/** The database as raw IndexedDB, no Dexie: what baselines read through. */
export function openRaw(dbName: string) {
	return new Promise<IDBDatabase>((resolve, reject) => {
		const open = indexedDB.open(dbName);
		open.onerror = () => reject(open.error);
		open.onsuccess = () => resolve(open.result);
	});
}

/** The median of `runs` calls of `work`, each saying itself how long its timed part took, after a warm-up. */
export async function timeOwnRuns(
	runs: number,
	work: () => Promise<number>
): Promise<{ medianMs: number; runs: number }> {
	await work();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) times.push(await work());
	return { medianMs: median(times, 3), runs };
}
