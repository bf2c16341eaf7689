/**
 * Writing a bundle: the manifest first, then each artifact once, stored uncompressed and streamed
 * from IndexedDB to the output, so a registry larger than memory still exports.
 */
import { RegistryError, type ModelSnapshot, type WriteOptions } from '../registry';
import {
	ARTIFACT_PREFIX,
	BUNDLE_FORMAT,
	BUNDLE_FORMAT_VERSION,
	MANIFEST_NAME,
	type BundleManifest,
	type BundleVersion
} from './format';
import { BlobReader, BlobWriter, TextReader, ZipWriter } from './zip';

export const GENERATOR = 'model-registry (browser app)';

export function toManifest(snapshots: ModelSnapshot[], exportedAt: Date): BundleManifest {
	return {
		format: BUNDLE_FORMAT,
		formatVersion: BUNDLE_FORMAT_VERSION,
		exportedAt: exportedAt.toISOString(),
		generator: GENERATOR,
		models: snapshots.map(({ model, versions, history }) => ({
			...model,
			versions: versions.map(({ modelName: _m, fullName: _f, ...version }): BundleVersion => version),
			// An event another tool wrote leaves with the kind it came with.
			history: history.map(({ externalKind, ...event }) =>
				event.kind === 'external' && externalKind !== undefined ? { ...event, kind: externalKind } : event
			)
		}))
	};
}

/**
 * Writes the bundle to `output` (a file the user chose) or, without one, returns it as a Blob.
 * Progress counts artifact bytes; the signal cancels between and within entries.
 */
export async function writeBundle(
	snapshots: ModelSnapshot[],
	artifacts: Map<string, Blob>,
	output: WritableStream<Uint8Array> | undefined,
	options: WriteOptions & { now?: Date } = {}
): Promise<Blob | undefined> {
	const blobWriter = output ? undefined : new BlobWriter('application/zip');
	const zip = new ZipWriter(output ?? blobWriter!, { zip64: true, level: 0 });
	const total = [...artifacts.values()].reduce((sum, blob) => sum + blob.size, 0);
	let written = 0;
	const cancelled = () => new RegistryError('CANCELLED', 'The export was cancelled; no bundle was written.');
	try {
		options.onProgress?.(0, total);
		const manifest = JSON.stringify(toManifest(snapshots, options.now ?? new Date()), null, 1);
		await zip.add(MANIFEST_NAME, new TextReader(manifest), { level: 6, signal: options.signal });
		for (const [sha256, blob] of artifacts) {
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
