/**
 * "Download all as .zip": a version's folder as one zip, each file at its path. Files are stored, not
 * compressed (weights barely compress, and deflating gigabytes would take minutes), and each is streamed
 * from IndexedDB into the zip in turn, so no file is held in memory whole; the zip itself becomes a Blob,
 * which the browser keeps on disk once it is large.
 */
import { RegistryError, type ArtifactFile, type ModelRegistry, type WriteOptions } from '../registry';
import { BlobReader, BlobWriter, ZipWriter } from '../bundle/zip';
import type { RegistryApi } from './contract';
import { throttled, type Tasks } from './tasks';

export interface FolderZipOptions extends WriteOptions {
	/** The date every entry carries: the version's registration, so one version always zips alike. */
	lastModified?: Date;
}

/** The files as a zip, in the order given; progress counts file bytes, and the signal stops it. */
export async function writeFolderZip(
	files: ReadonlyArray<{ file: ArtifactFile; blob: Blob }>,
	options: FolderZipOptions = {}
): Promise<Blob> {
	const output = new BlobWriter('application/zip');
	const zip = new ZipWriter(output, { level: 0 });
	const total = files.reduce((sum, { blob }) => sum + blob.size, 0);
	const { signal, onProgress, lastModified } = options;
	let written = 0;
	try {
		onProgress?.(0, total);
		for (const { file, blob } of files) {
			signal?.throwIfAborted();
			await zip.add(file.path, new BlobReader(blob), {
				level: 0,
				lastModDate: lastModified,
				signal,
				onprogress: async (done) => onProgress?.(written + done, total)
			});
			written += blob.size;
			onProgress?.(written, total);
		}
		await zip.close();
	} catch (error) {
		if (signal?.aborted) throw new RegistryError('CANCELLED', 'The zip was cancelled; nothing was saved.');
		throw error;
	}
	return output.getData();
}

export function createFolderZip(registry: ModelRegistry, tasks: Tasks): Pick<RegistryApi, 'zipFolder'> {
	return {
		zipFolder: (name, version, taskId, onProgress) =>
			tasks.run(taskId, async (signal) => {
				const files = await registry.loadFiles(name, version);
				const found = await registry.getVersion(name, version);
				return writeFolderZip(files, {
					signal,
					onProgress: throttled(onProgress),
					lastModified: found && new Date(found.createdAt)
				});
			})
	};
}
