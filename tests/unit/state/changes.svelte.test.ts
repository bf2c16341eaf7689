import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { changes } from '$lib/state/changes.svelte';
import { ModelPage } from '$lib/state/model-page.svelte';
import { useRegistryInProcess } from './in-process';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('a page about one model', () => {
	it('re-reads after a change to its model or one naming no model, never after a change to another model', async () => {
		const api = useRegistryInProcess();
		// Both registrations heard before the page opens, so neither re-reads it.
		const start = changes.count;
		for (const name of ['mine', 'other']) await api.register({ name, version: '1.0.0' });
		await expect.poll(() => changes.count).toBe(start + 2);
		// The real registry, counting which models the page asks about.
		const asked: string[] = [];
		const getModel = api.getModel;
		api.getModel = (name) => {
			asked.push(name);
			return getModel(name);
		};
		let page!: ModelPage;
		stop = $effect.root(() => {
			page = new ModelPage('mine');
		});
		flushSync();
		await expect.poll(() => page.model.value?.name).toBe('mine');
		expect(asked).toEqual(['mine']);

		/** Makes a change and waits until this page has heard it (its effects run at once). */
		const heard = async (change: () => Promise<unknown>) => {
			const before = changes.count;
			await change();
			await expect.poll(() => changes.count).toBe(before + 1);
			flushSync();
		};
		await heard(() => api.updateModel('other', { description: 'Not this page.' }));
		expect(asked).toEqual(['mine']);
		await heard(() => api.updateModel('mine', { description: 'This page.' }));
		expect(asked).toEqual(['mine', 'mine']);
		await expect.poll(() => page.model.value?.description).toBe('This page.');
		await heard(() => api.loadSampleData());
		expect(asked).toEqual(['mine', 'mine', 'mine']);
	});
});
