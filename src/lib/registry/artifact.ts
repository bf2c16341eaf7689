import { createSHA256 } from 'hash-wasm';
import { invalidInput, RegistryError } from './errors';
import type { ArtifactInfo, ArtifactInput, WriteOptions } from './types';

export const DEFAULT_MEDIA_TYPE = 'application/octet-stream';
export const DEFAULT_FILENAME = 'artifact';
const MAX_FILENAME_CHARS = 255;

/** Normalises what a caller may pass as an artifact to a Blob, which is never copied into memory. */
export function toBlob(artifact: ArtifactInput, field = 'artifact'): Blob {
	if (artifact instanceof Blob) return artifact;
	if (artifact instanceof ArrayBuffer || artifact instanceof Uint8Array)
		return new Blob([artifact as BlobPart]);
	throw invalidInput(field, 'blob', 'must be a file, Blob, ArrayBuffer or Uint8Array.');
}

function filenameOf(blob: Blob): string {
	const name = 'name' in blob && typeof blob.name === 'string' ? blob.name : '';
	// Keep only the last path segment: a filename never names a place to write to.
	const base = name.split(/[\\/]/).pop() ?? '';
	return base.trim() === '' ? DEFAULT_FILENAME : [...base].slice(0, MAX_FILENAME_CHARS).join('');
}

/** SHA-256 of a Blob, read as a stream so a large file never sits in memory whole. */
export async function sha256Hex(blob: Blob, options: WriteOptions = {}): Promise<string> {
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

export async function describeArtifact(blob: Blob, options?: WriteOptions): Promise<ArtifactInfo> {
	return {
		sha256: await sha256Hex(blob, options),
		size: blob.size,
		mediaType: blob.type || DEFAULT_MEDIA_TYPE,
		filename: filenameOf(blob)
	};
}
