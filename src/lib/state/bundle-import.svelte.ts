import type { ConflictPolicy, ImportResult } from '../registry';
import { attempt } from './attempt';
import { describeError } from './describe-error';
import { notices } from './notices.svelte';
import { client, registry, type ImportPreview } from './registry';
import { Task } from './task.svelte';

export type { ImportPreview };

/** Words for where an import came from: a bundle, or a pull from an MLflow server. */
export interface ImportWords {
	/** "Imported", "Pulled". */
	done: string;
	/** Said when the source holds nothing new. */
	nothing: string;
}

const BUNDLE_WORDS: ImportWords = {
	done: 'Imported',
	nothing: 'Nothing to import: the registry already has everything in this bundle.'
};

/** What an import did, in words: versions kept as yours are named, never passed off as "already here". */
export function describeImport(result: ImportResult, words: ImportWords = BUNDLE_WORDS): string {
	if (result.models > 0) {
		return `${words.done} ${result.models} ${result.models === 1 ? 'model' : 'models'}: ${result.added} versions added, ${result.replaced} replaced, ${result.skipped} kept as they were.`;
	}
	if (result.skipped === 0) return words.nothing;
	const differ =
		result.skipped === 1
			? '1 version differs here and was'
			: `${result.skipped} versions differ here and were`;
	return `Nothing was ${words.done.toLowerCase()}: ${differ} kept as yours (policy: keep mine).`;
}

/**
 * Importing a bundle: read and planned first (the preview), applied once the person agrees. The
 * worker keeps a previewed bundle's parsed manifest (its records, however many) until it is applied or
 * discarded, so every preview this session opened is discarded when it ends (`dispose`).
 */
export class BundleImport {
	/** The name of the file being read and planned. */
	#checking = $state<string>();
	/** Why the bundle cannot be imported, in words; shown where the bundle was chosen. */
	#problem = $state<string>();
	#preview = $state.raw<ImportPreview>();
	#task = $state.raw<Task<ImportResult>>();
	policy = $state<ConflictPolicy>('skip');
	/** Counts the files chosen, so a preview that arrives after a newer choice (or the end) is dropped. */
	#choice = 0;
	#disposed = false;

	get checking(): string | undefined {
		return this.#checking;
	}

	get problem(): string | undefined {
		return this.#problem;
	}

	get preview(): ImportPreview | undefined {
		return this.#preview;
	}

	/** Applying the import, with its progress in artifact bytes verified. */
	get task(): Task<ImportResult> | undefined {
		return this.#task;
	}

	/** Reads and plans `file`; nothing is written. Replaces any earlier preview. */
	async choose(file: File | undefined): Promise<void> {
		if (!file || this.#disposed) return;
		this.discard();
		const choice = ++this.#choice;
		this.#problem = undefined;
		this.#checking = file.name;
		try {
			const preview = await registry().previewImport(file);
			if (choice === this.#choice && !this.#disposed) this.#preview = preview;
			else this.#forget(preview.importId);
		} catch (error) {
			if (choice === this.#choice) this.#problem = describeError(error);
		} finally {
			if (choice === this.#choice) this.#checking = undefined;
		}
	}

	/** Applies the previewed import; a failure is shown as the bundle's problem, and the preview stays. */
	async apply(): Promise<void> {
		const preview = this.#preview;
		if (!preview || this.#task) return;
		try {
			const task = new Task(
				(progress) => client().applyImport(preview.importId, this.policy, progress),
				preview.artifactBytes
			);
			this.#task = task;
			const result = await task.settled;
			this.#preview = undefined;
			notices.info(describeImport(result));
		} catch (error) {
			this.#problem = describeError(error);
		} finally {
			this.#task = undefined;
			if (this.#disposed) this.discard();
		}
	}

	/** Closes the preview without importing. */
	discard(): void {
		if (this.#preview) this.#forget(this.#preview.importId);
		this.#preview = undefined;
	}

	/**
	 * Ends the session (the Import page closes): no preview stays open in the worker. An import
	 * under way goes on to its end, as it did before; a preview it leaves behind is discarded then.
	 */
	dispose(): void {
		this.#disposed = true;
		this.#choice++;
		if (!this.#task) this.discard();
	}

	#forget(importId: string): void {
		void attempt(async () => registry().discardImport(importId));
	}
}
