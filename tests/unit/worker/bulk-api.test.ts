/**
 * The bulk actions through the worker's api, as tabs use them: each goes through the write queue and
 * is announced once, listing every version it touched, so other tabs' searches and pages follow.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DexieModelStore, RegistryError } from '$lib';
import { createRegistryApi, type LocalRegistryApi } from '$lib/worker/api';
import type { RegistryChange } from '$lib/worker/contract';
import { uniqueDatabaseName } from '../stores';

const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
	for (const thing of opened.splice(0)) await thing.close();
});

/** Two tabs over one database and one channel, and what a page hears on it. */
function twoTabs() {
	const name = uniqueDatabaseName();
	const channel = `test-bulk-${crypto.randomUUID()}`;
	const tab = () => {
		const api = createRegistryApi({ store: new DexieModelStore({ name }), channel });
		opened.push(api);
		return api;
	};
	const heard: RegistryChange[] = [];
	const page = new BroadcastChannel(channel);
	page.onmessage = (event: MessageEvent<RegistryChange>) => heard.push(event.data);
	opened.push(page);
	return { api: tab(), other: tab(), heard };
}

const found = async (api: LocalRegistryApi, tag: string) =>
	(await api.search({ tags: { [tag]: '*' } })).items.map((v) => v.version);

describe('bulk actions through the api', () => {
	it('announces each action once with the versions it touched; the other tab follows', async () => {
		const { api, other, heard } = twoTabs();
		for (const version of ['1.0.0', '2.0.0', '3.0.0']) await api.register({ name: 'churn', version });
		expect(await found(other, 'owner')).toEqual([]);

		await api.tagVersions('churn', ['1.0.0', '3.0.0'], { set: { owner: 'ana' } });
		await vi.waitFor(async () => expect(await found(other, 'owner')).toEqual(['1.0.0', '3.0.0']));
		await api.transitionStages('churn', ['1.0.0', '2.0.0'], 'staging');
		await api.deleteVersions('churn', ['1.0.0', '3.0.0']);
		await vi.waitFor(async () => expect(await found(other, 'owner')).toEqual([]));

		await vi.waitFor(() =>
			expect(heard.slice(3)).toEqual([
				{
					kind: 'version-updated',
					model: 'churn',
					versions: [
						['churn', '1.0.0'],
						['churn', '3.0.0']
					]
				},
				{
					kind: 'stage-changed',
					model: 'churn',
					versions: [
						['churn', '1.0.0'],
						['churn', '2.0.0']
					]
				},
				{
					kind: 'version-deleted',
					model: 'churn',
					versions: [
						['churn', '1.0.0'],
						['churn', '3.0.0']
					]
				}
			])
		);
	});

	it('a refused action reaches the caller as a RegistryError and is not announced', async () => {
		const { api, heard } = twoTabs();
		await api.register({ name: 'churn', version: '1.0.0' });
		await vi.waitFor(() => expect(heard).toHaveLength(1));
		const error = await api.deleteVersions('churn', ['1.0.0', '2.0.0']).then(
			() => undefined,
			(e: unknown) => e
		);
		expect(RegistryError.is(error, 'NOT_FOUND')).toBe(true);
		expect((await api.getModel('churn'))?.versionCount).toBe(1);
		// The queue goes on after the refusal, and only the next change is heard.
		await api.transitionStages('churn', ['1.0.0'], 'staging');
		await vi.waitFor(() =>
			expect(heard.map((change) => change.kind)).toEqual(['registered', 'stage-changed'])
		);
	});
});
