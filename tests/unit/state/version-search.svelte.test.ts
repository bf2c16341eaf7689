import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEARCH_COUNT_AHEAD, SEARCH_PAGE_SIZE, VersionSearch } from '$lib/state/version-search.svelte';
import { useRegistryInProcess } from './in-process';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function openSearch(): VersionSearch {
	let search!: VersionSearch;
	stop = $effect.root(() => {
		search = new VersionSearch();
	});
	flushSync();
	return search;
}

describe('Find versions', () => {
	it('counts a broad search only a few pages ahead until asked to count them all', async () => {
		const api = useRegistryInProcess();
		const versions = SEARCH_COUNT_AHEAD + 20;
		for (let i = 0; i < versions; i++) await api.register({ name: 'm', version: `1.${i}.0` });
		const search = openSearch();

		// Counted past the page (so there is a next one), and no further than asked.
		await vi.waitFor(() => expect(search.results.value?.totalCapped).toBe(true));
		expect(search.results.value?.total).toBeGreaterThan(SEARCH_PAGE_SIZE);
		expect(search.results.value?.total).toBeLessThanOrEqual(SEARCH_COUNT_AHEAD + 1);
		expect(search.results.value?.items).toHaveLength(50);

		search.countAll = true;
		await vi.waitFor(() => expect(search.results.value?.total).toBe(versions));
		expect(search.results.value).not.toHaveProperty('totalCapped');

		// Another search counts ahead again; one a page names few enough of is counted whole.
		search.text = '1.1';
		search.reset();
		expect(search.countAll).toBe(false);
		await vi.waitFor(() => expect(search.results.value?.total).toBe(111));
		expect(search.results.value).not.toHaveProperty('totalCapped');
	});
});
