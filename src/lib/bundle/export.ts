/**
 * Writing a bundle: `manifest.jsonl` first, streamed line by line, then each artifact once, stored
 * uncompressed and streamed from IndexedDB to the output, so a registry larger than memory still
 * exports and no manifest is ever one string.
 */
import { RegistryError, type ModelSnapshot, type SnapshotParts, type WriteOptions } from '../registry';
import {
	ARTIFACT_PREFIX,
	BUNDLE_FORMAT,
	JSON_MANIFEST_FORMAT_VERSION,
	LINES_MANIFEST_NAME,
	type JsonManifest
} from './format';
import { bundleEvent, bundleVersion, encodeLines, GENERATOR, manifestLines } from './manifest-lines';
import { BlobReader, BlobWriter, ZipWriter } from './zip';

/**
 * The snapshots as one format-2 `manifest.json` document: a bare .json file another tool (or a test)
 * can edit and import. It carries no files' bytes, and is one string: for small registries only.
 */
export function toManifest(snapshots: ModelSnapshot[], exportedAt: Date): JsonManifest {
	return {
		format: BUNDLE_FORMAT,
		formatVersion: JSON_MANIFEST_FORMAT_VERSION,
		exportedAt: exportedAt.toISOString(),
		generator: GENERATOR,
		models: snapshots.map(({ model, versions, history }) => ({
			...model,
			versions: versions.map(bundleVersion),
			history: history.map(bundleEvent)
		}))
	};
}

/**
 * Writes the bundle to `output` (a file the user chose) or, without one, returns it as a Blob.
 * `artifacts` may be asked for only once the snapshots are all read (a stream of parts finds them as
 * it goes). Progress counts artifact bytes; the signal cancels between and within entries.
 */
export async function writeBundle(
	snapshots: SnapshotParts,
	artifacts: Map<string, Blob> | (() => Promise<Map<string, Blob>>),
	output: WritableStream<Uint8Array> | undefined,
	options: WriteOptions & { now?: Date } = {}
): Promise<Blob | undefined> {
	const blobWriter = output ? undefined : new BlobWriter('application/zip');
	const zip = new ZipWriter(output ?? blobWriter!, { zip64: true, level: 0 });
	let written = 0;
	const cancelled = () => new RegistryError('CANCELLED', 'The export was cancelled; no bundle was written.');
	try {
		const lines = manifestLines(snapshots, options.now ?? new Date());
		await zip.add(LINES_MANIFEST_NAME, encodeLines(lines), { level: 6, signal: options.signal });
		// Known once the manifest is written: the parts name the artifacts as they are read.
		const blobs = typeof artifacts === 'function' ? await artifacts() : artifacts;
		const total = [...blobs.values()].reduce((sum, blob) => sum + blob.size, 0);
		options.onProgress?.(0, total);
		for (const [sha256, blob] of blobs) {
			if (options.signal?.aborted) throw cancelled();
			await zip.add(`${ARTIFACT_PREFIX}${sha256}`, new BlobReader(blob), {
				level: 0,
				signal: options.signal,
				onprogress: async (done) => options.onProgress?.(written + done, total)
			});
			written += blob.size;
			options.onProgress?.(written, total);
		}
		await zip.close();
	} catch (error) {
		if (options.signal?.aborted) throw cancelled();
		throw error;
	}
	return blobWriter?.getData();
}
