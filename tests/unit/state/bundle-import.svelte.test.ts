import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { RegistryError } from '$lib';
import { BundleImport } from '$lib/state/bundle-import.svelte';
import { notices } from '$lib/state/notices.svelte';
import { TransferSession } from '$lib/state/transfer-session.svelte';
import { otherRegistry, useRegistryInProcess } from './in-process';

/** A bundle exported by another browser's registry, as the file a person chooses. */
async function bundleFile(): Promise<File> {
	const other = otherRegistry();
	await other.register({ name: 'churn', version: '1.0.0', artifact: new Uint8Array([1, 2, 3]) });
	await other.register({ name: 'churn', version: '1.1.0' });
	const blob = await other.exportBundle({});
	return new File([blob!], 'churn.zip', { type: 'application/zip' });
}

const isNotFound = (error: unknown) => RegistryError.is(error, 'NOT_FOUND');

describe('the import session', () => {
	it('previews a bundle, then imports it', async () => {
		const api = useRegistryInProcess();
		const session = new BundleImport();
		const choosing = session.choose(await bundleFile());
		expect(session.checking).toBe('churn.zip');
		await choosing;

		expect(session.checking).toBeUndefined();
		expect(session.preview?.plan.counts).toMatchObject({ newModels: 1, newVersions: 2 });
		await session.apply();
		expect(session.preview).toBeUndefined();
		expect(session.task).toBeUndefined();
		expect(notices.list.at(-1)?.text).toBe(
			'Imported 1 model: 2 versions added, 0 replaced, 0 kept as they were.'
		);
		expect((await api.getModel('churn'))?.versionCount).toBe(2);
	});

	it('says a differing version was kept as yours, not that the registry had everything', async () => {
		const api = useRegistryInProcess();
		const file = await bundleFile();
		const first = new BundleImport();
		await first.choose(file);
		await first.apply();
		// Then one version is changed here: the bundle's copy of it now differs.
		await api.updateVersion('churn', '1.0.0', { tags: { mine: 'yes' } });
		const session = new BundleImport();
		await session.choose(file);
		session.policy = 'skip';
		await session.apply();

		expect(notices.list.at(-1)?.text).toBe(
			'Nothing was imported: 1 version differs here and was kept as yours (policy: keep mine).'
		);
		expect((await api.getVersion('churn', '1.0.0'))?.tags).toEqual({ mine: 'yes' });
	});

	it('discards its preview when it ends: the worker holds no parsed bundle for it', async () => {
		const api = useRegistryInProcess();
		const session = new BundleImport();
		await session.choose(await bundleFile());
		const importId = session.preview!.importId;

		session.dispose();
		expect(session.preview).toBeUndefined();
		await expect(api.applyImport(importId, 'skip')).rejects.toSatisfy(isNotFound);
		expect(await api.getModel('churn')).toBeUndefined();
	});

	it('discards a preview that arrives after it ended', async () => {
		const api = useRegistryInProcess();
		const session = new BundleImport();
		const file = await bundleFile();
		const seen: string[] = [];
		const preview = api.previewImport;
		// Watch which import the worker opens for the session (the api object is the session's registry).
		api.previewImport = (blob) => preview(blob).then((opened) => (seen.push(opened.importId), opened));
		const choosing = session.choose(file);
		session.dispose();
		await choosing;

		expect(session.preview).toBeUndefined();
		expect(seen).toHaveLength(1);
		await expect(api.applyImport(seen[0]!, 'skip')).rejects.toSatisfy(isNotFound);
	});

	it('shows why a file cannot be imported, and changes nothing', async () => {
		const api = useRegistryInProcess();
		const session = new BundleImport();
		await session.choose(new File(['not a bundle'], 'notes.txt'));

		expect(session.preview).toBeUndefined();
		expect(session.problem).toMatch(/\S/);
		expect((await api.listModels()).total).toBe(0);
	});

	it('is ended with the Import & export page', async () => {
		const api = useRegistryInProcess();
		let page!: TransferSession;
		const stop = $effect.root(() => {
			page = new TransferSession();
		});
		flushSync();
		await page.importer.choose(await bundleFile());
		const importId = page.importer.preview!.importId;

		page.dispose();
		stop();
		await expect(api.applyImport(importId, 'skip')).rejects.toSatisfy(isNotFound);
	});
});
