import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FileInput } from '$lib/registry/types';
import { VersionPage } from '$lib/state/version-page.svelte';
import { useRegistryInProcess } from './in-process';

// import.meta.url is not a file: URL under the runes project's client transform; the tests run from the root.
const MODELS = join(process.cwd(), 'tests/fixtures/models/');

let stop: (() => void) | undefined;
afterEach(() => stop?.());

async function folder(name: string): Promise<FileInput[]> {
	const names = (await readdir(MODELS + name)).sort();
	return Promise.all(
		names.map(async (path) => ({ path, content: new Blob([await readFile(`${MODELS}${name}/${path}`)]) }))
	);
}

/** The page of churn:1.0.0 as the version route creates it. */
function openPage(): VersionPage {
	let page!: VersionPage;
	stop = $effect.root(() => {
		page = new VersionPage('churn', '1.0.0');
	});
	flushSync();
	return page;
}

describe("the version page's model reading", () => {
	it('reads the files once the version is known, and says it is reading until then', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0', files: await folder('mlflow-sklearn') });
		const readModel = vi.spyOn(api, 'readModel');
		const page = openPage();
		expect(page.reading.reading).toBe(true);

		await vi.waitFor(() => expect(page.reading.files.map((file) => file.path)).toEqual(['MLmodel']));
		expect(page.reading.reading).toBe(false);
		expect(page.reading.error).toBeUndefined();
		expect(page.reading.summary?.suggestedFramework).toBe('sklearn');
		expect(readModel).toHaveBeenCalledWith('churn', '1.0.0');
	});

	it('reads again when the files change: the version deleted and registered anew with others', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0', files: await folder('mlflow-sklearn') });
		const page = openPage();
		await vi.waitFor(() => expect(page.reading.files.map((file) => file.format)).toEqual(['mlmodel']));

		await api.deleteVersion('churn', '1.0.0');
		await api.register({ name: 'churn', version: '1.0.0', files: await folder('onnx') });
		await vi.waitFor(() => expect(page.reading.files.map((file) => file.format)).toEqual(['onnx']));
		expect(page.reading.summary?.suggestedFramework).toBe('onnx');
	});

	it('reads nothing for a version without files', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0' });
		const readModel = vi.spyOn(api, 'readModel');
		const page = openPage();
		await vi.waitFor(() => expect(page.current.value?.fullName).toBe('churn:1.0.0'));
		await vi.waitFor(() => expect(page.reading.reading).toBe(false));
		expect(page.reading.summary).toBeUndefined();
		expect(readModel).not.toHaveBeenCalled();
	});
});
