/**
 * The file browser's state against a real registry in-process: a preview reads the file it names and
 * drops an answer that comes after another file was opened; "Download all as .zip" saves the folder
 * under the version's name, and Cancel leaves nothing saved.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Uint8ArrayWriter } from '@zip.js/zip.js';
import type { ArtifactFile, FileInput } from '$lib';
import { BlobReader, ZipReader, type Entry, type FileEntry } from '$lib/bundle/zip';
import { FilePreview } from '$lib/state/file-preview.svelte';
import { notices } from '$lib/state/notices.svelte';
import { VersionPage } from '$lib/state/version-page.svelte';
import { useRegistryInProcess } from '../state/in-process';

// Not `new URL(…, import.meta.url)`: the client build these tests run under rewrites that for the browser.
const MLFLOW = join(process.cwd(), 'tests/fixtures/models/mlflow-sklearn/');

/** What the page saved: the browser's download, as the page hands it over. */
const saved = vi.hoisted(() => [] as Array<{ blob: Blob; filename: string }>);
vi.mock('$lib/state/save-file', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/state/save-file')>()),
	downloadBlob: (blob: Blob, filename: string) => saved.push({ blob, filename })
}));

let stop: (() => void) | undefined;
afterEach(() => stop?.());

async function mlflowFolder(): Promise<FileInput[]> {
	const names = (await readdir(MLFLOW)).sort();
	return Promise.all(
		names.map(async (path) => ({ path, content: new Blob([await readFile(MLFLOW + path)]) }))
	);
}

/** iris:1.0.0 registered from the MLflow fixture, and its files as the page lists them. */
async function registered(): Promise<Map<string, ArtifactFile>> {
	const api = useRegistryInProcess();
	const v = await api.register({ name: 'iris', version: '1.0.0', files: await mlflowFolder() });
	return new Map(v.files!.map((file) => [file.path, file]));
}

describe('a file preview', () => {
	it('shows the file it was opened on, and closes', async () => {
		const files = await registered();
		const preview = new FilePreview('iris', '1.0.0');
		const opening = preview.open(files.get('MLmodel')!);
		expect(preview.loading).toBe(true);
		await opening;
		expect(preview.content).toMatchObject({ kind: 'text' });
		expect(preview.content && 'text' in preview.content && preview.content.text).toContain('flavors:');
		expect(preview.cut).toBe(false);

		await preview.open(files.get('input_example.json')!);
		expect(preview.content).toMatchObject({ kind: 'json', pretty: true });

		preview.close();
		expect([preview.file, preview.content, preview.loading]).toEqual([undefined, undefined, false]);
	});

	it('drops an answer that arrives after another file was opened', async () => {
		const files = await registered();
		const preview = new FilePreview('iris', '1.0.0');
		const first = preview.open(files.get('MLmodel')!);
		const second = preview.open(files.get('requirements.txt')!);
		await Promise.all([first, second]);
		expect(preview.file?.path).toBe('requirements.txt');
		expect(preview.content && 'text' in preview.content && preview.content.text).toMatch(/^mlflow/m);
	});

	it('says why a file could not be read', async () => {
		const files = await registered();
		const preview = new FilePreview('iris', '1.0.0');
		await preview.open({ ...files.get('MLmodel')!, path: 'gone.txt' });
		expect(preview.error).toMatchObject({ code: 'NOT_FOUND' });
		expect(preview.loading).toBe(false);
	});
});

describe('Download all as .zip', () => {
	async function openPage(): Promise<VersionPage> {
		let page!: VersionPage;
		stop = $effect.root(() => {
			page = new VersionPage('iris', '1.0.0');
		});
		flushSync();
		await vi.waitFor(() => expect(page.current.value?.fullName).toBe('iris:1.0.0'));
		return page;
	}

	it('saves the folder as <model>-<version>.zip, every file in it', async () => {
		const files = await registered();
		const page = await openPage();
		saved.length = 0;
		const done = page.downloadFolder();
		expect(page.folderZip?.running).toBe(true);
		expect(await done).toBe(true);
		expect(page.folderZip).toBeUndefined();
		expect(saved.map(({ filename }) => filename)).toEqual(['iris-1.0.0.zip']);
		const reader = new ZipReader(new BlobReader(saved[0]!.blob));
		const entries = await reader.getEntries();
		expect(entries.map((entry) => entry.filename)).toEqual([...files.keys()]);
		const mlmodel = entries.find(
			(entry: Entry): entry is FileEntry => !entry.directory && entry.filename === 'MLmodel'
		)!;
		expect(
			Buffer.from(await mlmodel.getData(new Uint8ArrayWriter())).equals(await readFile(`${MLFLOW}MLmodel`))
		).toBe(true);
		await reader.close();
	});

	it('saves nothing once cancelled, and says so', async () => {
		await registered();
		const page = await openPage();
		saved.length = 0;
		const done = page.downloadFolder();
		page.folderZip!.cancel();
		expect(await done).toBe(false);
		expect(saved).toEqual([]);
		expect(notices.list.at(-1)).toMatchObject({ kind: 'error', text: 'Cancelled. Nothing was changed.' });
	});
});
