/**
 * The files a person gives a registration, by the path each has inside the version's folder: from a
 * file input (several files, or a folder with `webkitdirectory`) or from a drop of files and folders.
 */
export interface ChosenFile {
	path: string;
	file: File;
}

/**
 * A picked folder's files come with paths that start with the folder's own name (`my-model/MLmodel`);
 * the version's folder is what is inside it, so a name every path starts with is dropped.
 */
/** In path order, as the version will list them, whatever order the picker or the drop gave. */
function inPathOrder(files: ChosenFile[]): ChosenFile[] {
	return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function withoutSharedFolder(files: ChosenFile[]): ChosenFile[] {
	const first = files[0]?.path.split('/')[0];
	const shared =
		first !== undefined &&
		files.every((f) => f.path.startsWith(`${first}/`) && f.path.length > first.length + 1);
	return inPathOrder(shared ? files.map((f) => ({ ...f, path: f.path.slice(first.length + 1) })) : files);
}

/** Files from an input: each by its path in a picked folder, or by its name. */
export function chosenFromList(files: Iterable<File>): ChosenFile[] {
	return withoutSharedFolder(
		[...files].map((file) => ({ path: file.webkitRelativePath || file.name, file }))
	);
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
	return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every entry of a folder: `readEntries` gives them in batches until it gives none. */
async function folderEntries(folder: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
	const reader = folder.createReader();
	const all: FileSystemEntry[] = [];
	for (;;) {
		const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
			reader.readEntries(resolve, reject)
		);
		if (batch.length === 0) return all;
		all.push(...batch);
	}
}

async function collect(entry: FileSystemEntry, into: ChosenFile[]): Promise<void> {
	if (entry.isFile) {
		// `fullPath` starts with "/": the path is relative to what was dropped.
		into.push({
			path: entry.fullPath.replace(/^\/+/, ''),
			file: await entryFile(entry as FileSystemFileEntry)
		});
	} else if (entry.isDirectory) {
		for (const child of await folderEntries(entry as FileSystemDirectoryEntry)) await collect(child, into);
	}
}

/** Files and whole folders dropped on the page; a browser without folder entries gives the files alone. */
export async function chosenFromDrop(transfer: DataTransfer): Promise<ChosenFile[]> {
	// Entries must be taken before the first await: the drop's data is gone after the event.
	const entries = [...transfer.items]
		.filter((item) => item.kind === 'file')
		.map((item) => item.webkitGetAsEntry?.() ?? null);
	if (entries.length === 0 || entries.some((entry) => entry === null)) return chosenFromList(transfer.files);
	const files: ChosenFile[] = [];
	for (const entry of entries) await collect(entry!, files);
	return withoutSharedFolder(files);
}

/** The bytes of all of them. */
export function totalSize(files: readonly ChosenFile[]): number {
	return files.reduce((sum, { file }) => sum + file.size, 0);
}
