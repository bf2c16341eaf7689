/**
 * The history's kinds are a closed set with words for each: every kind the registry records is one
 * of them, every one of them is recorded by something, and a kind from another tool is kept aside.
 */
import { describe, expect, it } from 'vitest';
import {
	describeEventKind,
	EVENT_KINDS,
	InMemoryModelStore,
	isRegistryEventKind,
	ModelRegistry,
	type RegistryEventKind
} from '$lib';
import { toManifest } from '$lib/bundle/export';
import { BlobReader, BlobWriter, ZipReader } from '$lib/bundle/zip';
import { exportBundle, importBundle } from '../bundle/helpers';

/** The history events a bundle's manifest.jsonl carries, as written. */
async function bundledEvents(bundle: Blob): Promise<unknown[]> {
	const entries = await new ZipReader(new BlobReader(bundle)).getEntries();
	const manifest = entries.find((entry) => entry.filename === 'manifest.jsonl');
	if (!manifest || manifest.directory) throw new Error('The bundle has no manifest.jsonl.');
	const lines = (await (await manifest.getData(new BlobWriter())).text()).trimEnd().split('\n');
	return lines.map((line) => JSON.parse(line) as { event?: unknown }).flatMap((line) => line.event ?? []);
}

/** A bundle as another tool may write it: a bare manifest whose history has a kind of its own. */
async function bundleFromAnotherTool(): Promise<Blob> {
	const source = new ModelRegistry();
	await source.register({ name: 'imported', version: '1.0.0' });
	const manifest = toManifest((await source.snapshot()).snapshots, new Date('2026-11-26T12:00:00Z'));
	manifest.models[0]!.history.push({
		at: '2026-11-26T12:00:00.000Z',
		kind: 'trainer.finished',
		version: '1.0.0'
	});
	return new Blob([JSON.stringify(manifest)], { type: 'application/json' });
}

describe('event kinds', () => {
	it('records only kinds it has words for, and every one of them', async () => {
		const store = new InMemoryModelStore();
		const registry = new ModelRegistry(store);
		await registry.register({ name: 'm', version: '1.0.0' });
		await registry.register({ name: 'm', version: '2.0.0' });
		await registry.transitionStage('m', '1.0.0', 'production');
		await registry.updateVersion('m', '1.0.0', { description: 'first' });
		await registry.updateModel('m', { tags: { team: 'a' } });
		await registry.setAlias('m', 'champion', '1.0.0');
		await registry.removeAlias('m', 'champion');
		await registry.setMetricDirection('m', 'latency_ms', 'higher');
		await registry.deleteVersion('m', '2.0.0');
		await importBundle(registry, await bundleFromAnotherTool());
		// A summary damaged behind the registry's back, which repair rebuilds and records.
		await store.write(async (tx) => tx.putModel({ ...(await tx.getModel('imported'))!, versionCount: 9 }));
		await registry.repair();
		await registry.deleteModel('m');

		const kinds = new Set<string>();
		for (const name of ['m', 'imported'])
			for (const event of await registry.history(name)) kinds.add(event.kind);
		for (const kind of kinds) {
			expect(isRegistryEventKind(kind), kind).toBe(true);
			expect(describeEventKind(kind as RegistryEventKind)).toMatch(/^[a-z][a-z ]+[a-z]$/);
		}
		expect([...kinds].sort()).toEqual([...EVENT_KINDS].sort());
		expect(describeEventKind('model.imported')).toBe('imported from a bundle');
	});

	it("keeps another tool's kind beside an external event, and exports it as it came", async () => {
		const registry = new ModelRegistry();
		await importBundle(registry, await bundleFromAnotherTool());
		expect((await registry.history('imported', '1.0.0')).at(-1)).toMatchObject({
			kind: 'external',
			externalKind: 'trainer.finished'
		});
		expect(await bundledEvents(await exportBundle(registry))).toContainEqual({
			at: '2026-11-26T12:00:00.000Z',
			kind: 'trainer.finished',
			version: '1.0.0'
		});
		// A kind every object inherits is not one of ours.
		expect(isRegistryEventKind('toString')).toBe(false);
	});
});
