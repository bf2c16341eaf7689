/**
 * "Download all as .zip" through the worker's api on IndexedDB (fake-indexeddb): a registered folder comes
 * back as a zip holding every file at its path, byte for byte and stored, read back with zip.js.
 */
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Uint8ArrayWriter } from '@zip.js/zip.js';
import { RegistryError } from '$lib';
import { BlobReader, ZipReader } from '$lib/bundle/zip';
import type { FileInput } from '$lib/registry/types';
import { refusal } from '../stores';
import { openApi } from './open-api';

const MLFLOW = fileURLToPath(new URL('../../fixtures/models/mlflow-sklearn/', import.meta.url));

/** The MLflow fixture's files, plus some in folders (one of them empty, one shared with the top level). */
async function folderFiles(): Promise<Map<string, Uint8Array>> {
	const files = new Map<string, Uint8Array>();
	for (const name of (await readdir(MLFLOW)).sort())
		files.set(name, new Uint8Array(await readFile(MLFLOW + name)));
	files.set('code/train.py', new TextEncoder().encode('print("trained")\n'));
	files.set('code/empty.txt', new Uint8Array());
	files.set('weights/a/b/model.pkl', files.get('model.pkl')!);
	return files;
}

const inputs = (files: Map<string, Uint8Array>): FileInput[] =>
	[...files].map(([path, bytes]) => ({ path, content: new Blob([bytes as BlobPart]) }));

/** Every entry of the zip: its bytes and how it was stored, by path. */
async function entriesOf(zip: Blob) {
	const reader = new ZipReader(new BlobReader(zip));
	const entries = new Map<string, { bytes: Uint8Array; method: number; date: Date }>();
	for (const entry of await reader.getEntries()) {
		if (entry.directory) continue;
		entries.set(entry.filename, {
			bytes: await entry.getData(new Uint8ArrayWriter()),
			method: entry.compressionMethod,
			date: entry.lastModDate
		});
	}
	await reader.close();
	return entries;
}

describe('zipFolder', () => {
	it('holds every file at its path, byte for byte, stored rather than compressed', async () => {
		const api = openApi();
		const files = await folderFiles();
		const registered = await api.register({ name: 'iris', version: '1.0.0', files: inputs(files) });
		const reports: Array<[number, number]> = [];

		const zip = await api.zipFolder('iris', '1.0.0', undefined, (done, total) => reports.push([done, total]));

		expect(zip.type).toBe('application/zip');
		const entries = await entriesOf(zip);
		expect([...entries.keys()].sort()).toEqual([...files.keys()].sort());
		for (const [path, bytes] of files) {
			expect(Buffer.from(entries.get(path)!.bytes).equals(Buffer.from(bytes)), path).toBe(true);
			expect(entries.get(path)!.method, path).toBe(0);
		}
		// Every entry is dated by the version's registration (to the two seconds a zip date can hold).
		const registeredAt = new Date(registered.createdAt).getTime();
		for (const { date } of entries.values())
			expect(Math.abs(date.getTime() - registeredAt)).toBeLessThan(2_000);
		const total = [...files.values()].reduce((sum, bytes) => sum + bytes.byteLength, 0);
		expect(reports[0]).toEqual([0, total]);
		expect(reports.at(-1)).toEqual([total, total]);
	});

	it('is cancelled through its task id and says so', async () => {
		const api = openApi();
		await api.register({ name: 'iris', version: '1.0.0', files: inputs(await folderFiles()) });
		const taskId = crypto.randomUUID();
		// Cancelled at its first progress report, before any file is written.
		const zip = api.zipFolder('iris', '1.0.0', taskId, () => void api.cancel(taskId));
		const error = await refusal(zip);
		expect(RegistryError.is(error, 'CANCELLED')).toBe(true);
	});

	it('refuses a version that does not exist', async () => {
		const api = openApi();
		expect((await refusal(api.zipFolder('iris', '9.9.9'))).code).toBe('NOT_FOUND');
	});
});
