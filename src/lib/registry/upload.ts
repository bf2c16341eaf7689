/**
 * Hash while storing: a large file's bytes are written to storage under a provisional id while the
 * file is hashed, and the registering transaction adopts them as the artifact of their SHA-256.
 *
 * Why: hashing must end before the registering transaction opens (IndexedDB commits a transaction
 * that awaits anything else), so hashing then storing ran one after the other. The put runs in the
 * browser's storage service and the hash in the worker, so on two cores they overlap almost fully
 * (`docs/benchmarks.md`). Adopting never writes the bytes again: a Blob read from IndexedDB and put
 * under another key is copied, slower than the first put. A registration that fails or is
 * cancelled removes its uploads; one interrupted by a closed tab leaves them, and `verify()` /
 * `repair()` find and remove them (`integrity.ts`, `repair.ts`).
 */
import { prepareFiles, type PreparedFiles } from './artifact';
import type { ModelStore } from './store';
import type { WriteOptions } from './types';

/**
 * Smaller files are stored in the registering transaction, as before: what overlapping saves grows
 * with the bytes, while each upload costs a transaction of its own, and registering many small
 * files (the sample data) should not pay one per file.
 */
export const STORE_WHILE_HASHING_MIN_BYTES = 8 * 1024 * 1024;

const UPLOAD_ID_BYTES = 16;

/** A random id; `getRandomValues` works where `randomUUID` does not (an insecure context). */
function newUploadId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(UPLOAD_ID_BYTES));
	return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

type Settled = { id: string; error?: unknown };

/**
 * Hashes the files as `prepareFiles` does, storing each large one while it is hashed. When it
 * throws (a cancel, a failed read, storage full), nothing it stored is left.
 */
export async function hashWhileStoring(
	store: ModelStore,
	list: ReadonlyArray<{ path: string; blob: Blob }>,
	clock: () => string,
	options: WriteOptions = {}
): Promise<PreparedFiles> {
	const puts: Array<Promise<Settled>> = [];
	// A failed put (storage full) stops the hashing at once rather than after the whole file.
	const failed = new AbortController();
	const storeEarly = (blob: Blob) => {
		if (blob.size < STORE_WHILE_HASHING_MIN_BYTES) return undefined;
		const id = newUploadId();
		const startedAt = clock();
		puts.push(
			store
				.write((tx) => tx.putUpload({ id, blob, startedAt }))
				.then(
					() => ({ id }),
					(error: unknown) => {
						failed.abort();
						return { id, error };
					}
				)
		);
		return id;
	};
	const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;
	try {
		const prepared = await prepareFiles(list, { ...options, signal }, storeEarly);
		const refused = (await Promise.all(puts)).find((put) => put.error !== undefined);
		if (refused) throw refused.error;
		return prepared;
	} catch (error) {
		const settled = await Promise.all(puts);
		const refused = settled.find((put) => put.error !== undefined);
		await discardUploads(
			store,
			settled.filter((put) => put.error === undefined)
		);
		// The hashing stopped because a put failed: the put's error says why.
		throw refused && !options.signal?.aborted ? refused.error : error;
	}
}

/** Removes uploads that no artifact adopted, in one transaction. */
export async function discardUploads(
	store: ModelStore,
	uploads: ReadonlyArray<{ id: string }>
): Promise<void> {
	if (uploads.length === 0) return;
	await store.write(async (tx) => {
		for (const { id } of uploads) await tx.deleteUpload(id);
	});
}
