/** Saving what the registry hands out (artifacts, bundles, charts) as files on the person's disk. */

/** Saves a Blob as a file through the browser's download, from file:// and http alike. */
export function downloadBlob(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const link = Object.assign(document.createElement('a'), { href: url, download: filename });
	link.click();
	// The download holds its own reference to the bytes once it has started.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** True where the browser can stream a file straight to disk (Chromium's File System Access API). */
export const canSaveToFile = () => typeof window !== 'undefined' && 'showSaveFilePicker' in window;

export function bundleFilename(now = new Date()): string {
	return `model-registry-${now.toISOString().slice(0, 10)}.zip`;
}

/** Asks where to save a bundle; undefined if the person closed the file picker. */
export async function pickBundleFile(): Promise<FileSystemFileHandle | undefined> {
	const picker = (window as unknown as { showSaveFilePicker: (o: object) => Promise<FileSystemFileHandle> })
		.showSaveFilePicker;
	try {
		return await picker({
			suggestedName: bundleFilename(),
			types: [{ description: 'Model registry bundle', accept: { 'application/zip': ['.zip'] } }]
		});
	} catch (error) {
		if ((error as Error).name === 'AbortError') return undefined;
		throw error;
	}
}
