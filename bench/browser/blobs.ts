/**
 * Large artifacts for the benchmarks, and the baseline that moves them: one Blob in a plain IndexedDB
 * object store, no Dexie and no registry. Used on the page (bundle.ts) and in a worker (raw.worker.ts).
 */
const MIB = 1024 * 1024;

/** A Blob of `bytes` made of one random MiB repeated: Chromium keeps it by reference, not as a copy. */
export function bigBlob(bytes: number): Blob {
	// getRandomValues fills at most 64 KiB per call.
	const chunk = new Uint8Array(Math.min(MIB, bytes));
	for (let i = 0; i < chunk.length; i += 65536) crypto.getRandomValues(chunk.subarray(i, i + 65536));
	const parts: BlobPart[] = [];
	for (let left = bytes; left > 0; left -= chunk.byteLength)
		parts.push(left >= chunk.byteLength ? chunk : chunk.slice(0, left));
	return new Blob(parts);
}

/** Reads every byte of a Blob as a stream, as a consumer of the bytes would, keeping none of them. */
export async function readAll(blob: Blob): Promise<number> {
	let bytes = 0;
	const reader = blob.stream().getReader();
	for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
		bytes += chunk.value.byteLength;
	return bytes;
}

export const mbps = (bytes: number, ms: number) => Number((bytes / MIB / (ms / 1000)).toFixed(1));

/** A database with one object store, `blobs`, keyed out of line. */
export function openBlobStore(name: string): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open(name, 1);
		open.onupgradeneeded = () => open.result.createObjectStore('blobs');
		open.onsuccess = () => resolve(open.result);
		open.onerror = () => reject(open.error);
	});
}

export function rawPut(db: IDBDatabase, blob: Blob): Promise<void> {
	return new Promise((resolve, reject) => {
		const tx = db.transaction('blobs', 'readwrite');
		tx.objectStore('blobs').put(blob, 'one');
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
	});
}

export function rawGet(db: IDBDatabase): Promise<Blob> {
	return new Promise((resolve, reject) => {
		const request = db.transaction('blobs').objectStore('blobs').get('one');
		request.onsuccess = () => resolve(request.result as Blob);
		request.onerror = () => reject(request.error);
	});
}
