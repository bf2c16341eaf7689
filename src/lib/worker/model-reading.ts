/**
 * What a version's model files say, read in the worker without running anything (`formats/`). A reading
 * depends only on the files' paths and bytes, so it is kept by their paths and SHA-256: a version read
 * once is not read again, and never goes stale, whatever else changes.
 */
import { readModelFiles, type ModelSummary } from '../formats';
import { filesOf } from '../registry/artifact';
import type { ModelRegistry } from '../registry';
import type { FileInput } from '../registry/types';

/** Readings kept: a page of versions compared or browsed, and no more. */
const KEPT_READINGS = 64;

export interface ModelReading {
	/** A stored version's files, read from IndexedDB by ranges. */
	readModel(name: string, version: string): Promise<ModelSummary>;
	/** Files not registered yet (the register form's), checked as a registration checks them. */
	inspectFiles(files: FileInput[]): Promise<ModelSummary>;
}

export function createModelReading(registry: ModelRegistry): ModelReading {
	const kept = new Map<string, ModelSummary>();

	function remember(key: string, summary: ModelSummary): ModelSummary {
		kept.delete(key);
		kept.set(key, summary);
		// A Map iterates in insertion order: the first key is the one used longest ago.
		if (kept.size > KEPT_READINGS) kept.delete(kept.keys().next().value!);
		return summary;
	}

	return {
		async readModel(name, version) {
			const files = await registry.loadFiles(name, version);
			const key = files.map(({ file }) => `${file.path}\u0000${file.sha256}`).join('\u0000');
			const known = kept.get(key);
			if (known) return remember(key, known);
			return remember(key, await readModelFiles(files.map(({ file, blob }) => ({ path: file.path, blob }))));
		},
		// Every file is passed (an index finds its shards, an MLmodel its example), but only the files a
		// reader knows are read.
		inspectFiles: async (files) => readModelFiles(filesOf({ files }))
	};
}
