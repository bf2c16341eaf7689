import { downloadBlob } from './download';
import { exportBundle, type Task } from '../worker/client';
import type { ExportSelection } from '../registry';
import type { ProgressListener } from '../worker/contract';

/** True where the browser can stream a file straight to disk (Chromium's File System Access API). */
export const canSaveToFile = () => typeof window !== 'undefined' && 'showSaveFilePicker' in window;

export function bundleFilename(now = new Date()): string {
	return `model-registry-${now.toISOString().slice(0, 10)}.zip`;
}

/**
 * Exports a bundle: streamed into a file the user picks, or built and then downloaded. Resolves
 * to false if the user closed the file picker.
 */
export async function startExport(
	selection: ExportSelection,
	mode: 'download' | 'save',
	onProgress: ProgressListener,
	onStart: (task: Task<Blob | undefined>) => void
): Promise<boolean> {
	let target: FileSystemFileHandle | undefined;
	if (mode === 'save') {
		try {
			const picker = (
				window as unknown as { showSaveFilePicker: (o: object) => Promise<FileSystemFileHandle> }
			).showSaveFilePicker;
			target = await picker({
				suggestedName: bundleFilename(),
				types: [{ description: 'Model registry bundle', accept: { 'application/zip': ['.zip'] } }]
			});
		} catch (error) {
			if ((error as Error).name === 'AbortError') return false;
			throw error;
		}
	}
	const task = exportBundle(selection, target, onProgress);
	onStart(task);
	const blob = await task.result;
	if (blob) downloadBlob(blob, bundleFilename());
	return true;
}
