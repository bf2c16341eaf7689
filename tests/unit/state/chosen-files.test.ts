/**
 * The files a person picks or drops become a version's folder: a picked folder's own name is not part of
 * the paths, and a dropped folder is walked whole, through every batch its reader gives.
 */
import { describe, expect, it } from 'vitest';
import { chosenFromDrop, chosenFromList, totalSize } from '$lib/state/chosen-files';

/** A File as a folder picker gives it: with the path inside the picked folder, its name first. */
function picked(relativePath: string, text = relativePath): File {
	const file = new File([text], relativePath.split('/').pop()!);
	Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
	return file;
}

/** File system entries as Chromium gives them for a drop: a folder's reader answers in batches, then with none. */
function fileEntry(fullPath: string): FileSystemFileEntry {
	const file = new File([fullPath], fullPath.split('/').pop()!);
	return {
		isFile: true,
		isDirectory: false,
		fullPath,
		file: (done: (f: File) => void) => done(file)
	} as never;
}

function folderEntry(fullPath: string, batches: FileSystemEntry[][]): FileSystemDirectoryEntry {
	return {
		isFile: false,
		isDirectory: true,
		fullPath,
		createReader: () => {
			const left = [...batches, []];
			return { readEntries: (done: (entries: FileSystemEntry[]) => void) => done(left.shift()!) };
		}
	} as never;
}

function dropOf(entries: FileSystemEntry[]): DataTransfer {
	return {
		items: entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })),
		files: []
	} as never;
}

describe('files a person chooses', () => {
	it("drops a picked folder's own name from every path", () => {
		const files = chosenFromList([picked('iris-model/MLmodel'), picked('iris-model/model/model.pkl')]);
		expect(files.map((f) => f.path)).toEqual(['MLmodel', 'model/model.pkl']);
	});

	it('keeps files picked one by one under their names, and counts their bytes', () => {
		const files = chosenFromList([new File(['abc'], 'config.json'), new File(['de'], 'weights.bin')]);
		expect(files.map((f) => f.path)).toEqual(['config.json', 'weights.bin']);
		expect(totalSize(files)).toBe(5);
	});

	it('walks a dropped folder through every batch of entries, nested folders included', async () => {
		const dropped = folderEntry('/checkpoint', [
			[fileEntry('/checkpoint/config.json')],
			[folderEntry('/checkpoint/shards', [[fileEntry('/checkpoint/shards/model-1.safetensors')]])]
		]);
		const files = await chosenFromDrop(dropOf([dropped]));
		expect(files.map((f) => f.path)).toEqual(['config.json', 'shards/model-1.safetensors']);
		expect(await files[1]!.file.text()).toBe('/checkpoint/shards/model-1.safetensors');
	});

	it('keeps the names of several dropped things, since no one folder holds them all', async () => {
		const files = await chosenFromDrop(
			dropOf([fileEntry('/MLmodel'), folderEntry('/model', [[fileEntry('/model/a.pkl')]])])
		);
		expect(files.map((f) => f.path)).toEqual(['MLmodel', 'model/a.pkl']);
	});
});
