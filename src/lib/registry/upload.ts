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
import { RegistryError } from './errors';
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

/**
 * Hashes the files as `prepareFiles` does, storing each large one while it is hashed. When it
 * throws (a cancel, a failed read), nothing it stored is left.
 *
 * An upload the store refuses (storage full) is dropped, not fatal: the registering transaction then
 * puts the bytes itself, as for a small file. So a content stored already still registers on a full
 * disk (it needs no new bytes), and a content that does not fit fails there as `STORAGE_FULL`, with
 * the transaction aborted and nothing half-written.
 */
export async function hashWhileStoring(
	store: ModelStore,
	list: ReadonlyArray<{ path: string; blob: Blob }>,
	clock: () => string,
	options: WriteOptions = {}
): Promise<PreparedFiles> {
	const puts: Array<Promise<Put>> = [];
	const storeEarly = (blob: Blob) => {
		if (blob.size < STORE_WHILE_HASHING_MIN_BYTES) return undefined;
		const id = newUploadId();
		const startedAt = clock();
		// Settled here and awaited below, so that a refusal never goes unhandled while hashing runs.
		puts.push(
			store
				.write((tx) => tx.putUpload({ id, blob, startedAt }))
				.then(
					(): Put => ({ id, stored: true }),
					(error: unknown): Put => ({ id, stored: false, error })
				)
		);
		return id;
	};
	let prepared: PreparedFiles;
	try {
		prepared = await prepareFiles(list, options, storeEarly);
	} catch (error) {
		await discardUploads(
			store,
			(await Promise.all(puts)).filter((put) => put.stored)
		);
		throw error;
	}
	const settled = await Promise.all(puts);
	const failed = settled.find((put) => !put.stored && !isStorageFull(put.error));
	if (failed) {
		await discardUploads(
			store,
			settled.filter((put) => put.stored)
		);
		throw failed.error;
	}
	const stored = new Set(settled.filter((put) => put.stored).map((put) => put.id));
	return { ...prepared, uploads: prepared.uploads.filter((upload) => stored.has(upload.id)) };
}

type Put = { id: string; stored: boolean; error?: unknown };

const isStorageFull = (error: unknown) => error instanceof RegistryError && error.code === 'STORAGE_FULL';

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
