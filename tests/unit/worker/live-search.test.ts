import { describe, expect, it, vi } from 'vitest';
import { DexieModelStore, MAX_PAGE_LIMIT, ModelRegistry } from '$lib';
import { ChangeTrackingStore } from '$lib/registry/change-tracking-store';
import { LiveSearch, MAX_PATCH } from '$lib/worker/live-search';
import { uniqueDatabaseName } from '../stores';

/** One tab's worker: a registry whose writes are tracked and whose searches its live search answers. */
function tab(name: string) {
	const database = new DexieModelStore({ name });
	const store = new ChangeTrackingStore(database);
	const search = new LiveSearch(store);
	const registry = new ModelRegistry(store, { searchIndex: search });
	return { database, store, registry, search };
}

const found = async (registry: ModelRegistry, text = '') =>
	(await registry.search({ text, limit: MAX_PAGE_LIMIT })).items.map((v) => `${v.fullName} ${v.stage}`);

describe('LiveSearch', () => {
	it("patches its copy with this tab's and another tab's changes instead of reading everything again", async () => {
		const name = uniqueDatabaseName();
		const [a, b] = [tab(name), tab(name)];
		await a.registry.register({ name: 'm', version: '1.0.0' });
		await a.registry.register({ name: 'm', version: '2.0.0' });
		await a.registry.transitionStage('m', '1.0.0', 'production');
		a.store.takeTouched();
		const loads = vi.spyOn(a.registry, 'allVersions');
		expect(await found(a.registry)).toEqual(['m:1.0.0 production', 'm:2.0.0 development']);

		// This tab promotes (which archives 1.0.0); the other tab registers and deletes.
		await a.registry.transitionStage('m', '2.0.0', 'production');
		a.search.changed(a.store.takeTouched());
		expect(await found(a.registry)).toEqual(['m:1.0.0 archived', 'm:2.0.0 production']);
		await b.registry.register({ name: 'm', version: '1.5.0' });
		await b.registry.deleteVersion('m', '1.0.0');
		a.search.changed(b.store.takeTouched());

		expect(await found(a.registry)).toEqual(['m:1.5.0 development', 'm:2.0.0 production']);
		expect(loads).toHaveBeenCalledTimes(1);
		await a.registry.close();
		await b.registry.close();
	});

	it('reads the current record, so change notices arriving out of order leave no stale copy', async () => {
		const { store, registry, search } = tab(uniqueDatabaseName());
		await registry.register({ name: 'm', version: '1.0.0' });
		await found(registry);
		await registry.updateVersion('m', '1.0.0', { description: 'first' });
		const first = store.takeTouched();
		await registry.updateVersion('m', '1.0.0', { description: 'second' });
		const second = store.takeTouched();
		search.changed(second);
		search.changed(first);
		expect((await registry.search({ text: 'second' })).total).toBe(1);
		await registry.close();
	});

	it('reads everything again after a change too big to list, or one made around the tracker', async () => {
		const { database, registry, search } = tab(uniqueDatabaseName());
		await registry.register({ name: 'm', version: '1.0.0' });
		await found(registry);
		const loads = vi.spyOn(registry, 'allVersions');
		await database.clear();
		search.changed('all');
		expect(await found(registry)).toEqual([]);
		search.changed(Array.from({ length: MAX_PATCH + 1 }, (_, i) => ['m', `0.0.${i}`] as const));
		expect(await found(registry)).toEqual([]);
		expect(loads).toHaveBeenCalledTimes(2);
		await registry.close();
	});
});
