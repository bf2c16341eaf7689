import type { ExportSelection } from '../registry';
import { attempt } from './attempt';
import { client } from './registry';
import { bundleFilename, downloadBlob, pickBundleFile } from './save-file';
import { Task } from './task.svelte';

/** One export at a time: streamed into a file the person picks, or built and then downloaded. */
export class BundleExport {
	#picking = $state(false);
	#task = $state.raw<Task<Blob | undefined>>();

	/** Writing the bundle, with its progress in artifact bytes. */
	get task(): Task<Blob | undefined> | undefined {
		return this.#task;
	}

	/** Asking for a file or writing: another export waits. */
	get busy(): boolean {
		return this.#picking || !!this.#task;
	}

	/**
	 * Exports `selection`; `success` is said once the bundle is saved (not when the person closed
	 * the file picker). Resolves to whether a bundle was written.
	 */
	async run(selection: ExportSelection, mode: 'download' | 'save', success?: string): Promise<boolean> {
		if (this.busy) return false;
		let written = false;
		await attempt(
			async () => {
				let target: FileSystemFileHandle | undefined;
				if (mode === 'save') {
					this.#picking = true;
					target = await pickBundleFile().finally(() => (this.#picking = false));
					if (!target) return;
				}
				const task = new Task((progress) => client().exportBundle(selection, target, progress));
				this.#task = task;
				const blob = await task.settled.finally(() => (this.#task = undefined));
				if (blob) downloadBlob(blob, bundleFilename());
				written = true;
			},
			{ success: () => (written ? success : undefined) }
		);
		return written;
	}
}
