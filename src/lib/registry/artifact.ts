import { createSHA256 } from 'hash-wasm';
import { invalidInput, RegistryError } from './errors';
import { checkFilePaths, safeFileName } from './file-paths';
import type { ArtifactFile, ArtifactInput, FileInput, RegisterInput, WriteOptions } from './types';

export const DEFAULT_MEDIA_TYPE = 'application/octet-stream';
export const DEFAULT_FILENAME = 'artifact';

/** A version's files as hashed, in path order, with their bytes by SHA-256 (each distinct content once). */
export interface PreparedFiles {
	files: ArtifactFile[];
	blobs: Map<string, Blob>;
	/** Files whose bytes were stored while they were hashed, by upload id (`upload.ts`); may repeat a hash. */
	uploads: Array<{ id: string; sha256: string }>;
}

/** Starts storing a file's bytes as its hashing starts; gives the upload's id, or nothing if it is not stored early. */
export type StoreEarly = (blob: Blob) => string | undefined;

/** Normalises what a caller may pass as a file's content to a Blob, which is never copied into memory. */
export function toBlob(artifact: ArtifactInput, field = 'artifact'): Blob {
	if (artifact instanceof Blob) return artifact;
	if (artifact instanceof ArrayBuffer || artifact instanceof Uint8Array)
		return new Blob([artifact as BlobPart]);
	throw invalidInput(field, 'blob', 'must be a file, Blob, ArrayBuffer or Uint8Array.');
}

function filenameOf(blob: Blob): string {
	const name = 'name' in blob && typeof blob.name === 'string' ? blob.name : '';
	// Keep only the last path segment: a filename never names a place to write to.
	return safeFileName(name.split(/[\\/]/).pop() ?? '', DEFAULT_FILENAME);
}

/**
 * The files a registration gives, checked but not yet read: `artifact` as a folder of one named after
 * its File, or `files` by their paths (every rule of `checkFilePaths`).
 */
export function filesOf(
	input: Pick<RegisterInput, 'artifact' | 'files'>
): Array<{ path: string; blob: Blob }> {
	if (input.artifact !== undefined && input.files !== undefined) {
		throw invalidInput('files', 'one-of', 'give either one artifact or a list of files, not both.');
	}
	if (input.artifact !== undefined) {
		const blob = toBlob(input.artifact);
		return [{ path: filenameOf(blob), blob }];
	}
	if (input.files === undefined) return [];
	if (!Array.isArray(input.files)) throw invalidInput('files', 'list', 'must be a list of files.');
	const list = input.files as unknown[];
	list.forEach((entry, i) => {
		if (typeof entry !== 'object' || entry === null)
			throw invalidInput(`files[${i}]`, 'file', 'must be a path and its content.');
	});
	const files = list as FileInput[];
	checkFilePaths(files.map((file) => file.path));
	return files.map((file, i) => ({ path: file.path, blob: toBlob(file.content, `files[${i}].content`) }));
}

/** SHA-256 of a Blob, read as a stream so a large file never sits in memory whole. */
export async function sha256Hex(
	blob: Blob,
	options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}
): Promise<string> {
	const hasher = await createSHA256();
	hasher.init();
	const reader = blob.stream().getReader();
	let done = 0;
	options.onProgress?.(0, blob.size);
	try {
		for (;;) {
			if (options.signal?.aborted) throw new RegistryError('CANCELLED', 'The upload was cancelled.');
			const chunk = await reader.read();
			if (chunk.done) break;
			hasher.update(chunk.value);
			done += chunk.value.byteLength;
			options.onProgress?.(done, blob.size);
		}
	} finally {
		reader.releaseLock();
	}
	return hasher.digest('hex');
}

/**
 * Hashes each file in turn, reporting bytes over all of them and the file under way. The files come
 * back in path order, so a version's list reads the same however the folder was picked.
 */
export async function prepareFiles(
	list: ReadonlyArray<{ path: string; blob: Blob }>,
	options: WriteOptions = {},
	storeEarly?: StoreEarly
): Promise<PreparedFiles> {
	const total = list.reduce((sum, file) => sum + file.blob.size, 0);
	const files: ArtifactFile[] = [];
	const blobs = new Map<string, Blob>();
	const uploads: PreparedFiles['uploads'] = [];
	let before = 0;
	for (const [index, { path, blob }] of list.entries()) {
		const upload = storeEarly?.(blob);
		const sha256 = await sha256Hex(blob, {
			signal: options.signal,
			onProgress: (done, size) =>
				options.onProgress?.(before + done, total, { path, index, count: list.length, done, total: size })
		});
		before += blob.size;
		if (upload !== undefined) uploads.push({ id: upload, sha256 });
		files.push({ path, sha256, size: blob.size, mediaType: blob.type || DEFAULT_MEDIA_TYPE });
		if (!blobs.has(sha256)) blobs.set(sha256, blob);
	}
	if (list.length === 0) options.onProgress?.(0, 0);
	files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	return { files, blobs, uploads };
}

/** The distinct contents a list of files holds: what a version keeps alive in storage. */
export function fileHashes(files: readonly ArtifactFile[] | undefined): string[] {
	return [...new Set((files ?? []).map((file) => file.sha256))];
}
