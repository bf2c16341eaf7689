/** A version's files, listed in path order, as the rows of a tree: each folder, then what is in it. */
import type { ArtifactFile } from '../../registry';

export type FileRow =
	| {
			kind: 'folder';
			/** `model/tokenizer`: what the row's button collapses. */
			path: string;
			name: string;
			depth: number;
			/** Every file under it, however deep, and their bytes. */
			files: number;
			size: number;
	  }
	| { kind: 'file'; file: ArtifactFile; name: string; depth: number };

interface Folder {
	folders: Map<string, Folder>;
	files: ArtifactFile[];
	count: number;
	size: number;
}

const emptyFolder = (): Folder => ({ folders: new Map(), files: [], count: 0, size: 0 });

/** Whether any file is inside a folder: a folder of files side by side is shown as a plain list. */
export function hasFolders(files: readonly ArtifactFile[]): boolean {
	return files.some((file) => file.path.includes('/'));
}

function treeOf(files: readonly ArtifactFile[]): Folder {
	const root = emptyFolder();
	for (const file of files) {
		const segments = file.path.split('/');
		let folder = root;
		folder.count++;
		folder.size += file.size;
		for (const segment of segments.slice(0, -1)) {
			let inner = folder.folders.get(segment);
			if (!inner) folder.folders.set(segment, (inner = emptyFolder()));
			folder = inner;
			folder.count++;
			folder.size += file.size;
		}
		folder.files.push(file);
	}
	return root;
}

/**
 * The rows to show: in each folder its folders first (by name), then its files in path order, as file
 * managers list them. A folder in `collapsed` (by path) shows its own row but nothing under it.
 */
export function fileRows(files: readonly ArtifactFile[], collapsed: ReadonlySet<string>): FileRow[] {
	const rows: FileRow[] = [];
	const walk = (folder: Folder, prefix: string, depth: number) => {
		const names = [...folder.folders.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
		for (const name of names) {
			const inner = folder.folders.get(name)!;
			const path = prefix + name;
			rows.push({ kind: 'folder', path, name, depth, files: inner.count, size: inner.size });
			if (!collapsed.has(path)) walk(inner, `${path}/`, depth + 1);
		}
		for (const file of folder.files)
			rows.push({ kind: 'file', file, name: file.path.slice(prefix.length), depth });
	};
	walk(treeOf(files), '', 0);
	return rows;
}
