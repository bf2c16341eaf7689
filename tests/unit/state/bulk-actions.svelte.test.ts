import { describe, expect, it } from 'vitest';
import { BulkActions } from '$lib/state/bulk-actions.svelte';
import { notices } from '$lib/state/notices.svelte';
import { useRegistryInProcess } from './in-process';

/** The bar over a model page's selection, as BulkActions.svelte creates it. */
function bar(selected: string[], production?: string) {
	const selection = { versions: selected };
	const bulk = new BulkActions({
		name: 'churn',
		selected: () => selection.versions,
		select: (versions) => (selection.versions = versions),
		production: () => production
	});
	return { bulk, selection };
}

const lastNotice = () => notices.list.at(-1);

async function registerFour() {
	const api = useRegistryInProcess();
	for (const version of ['1.0.0', '1.1.0', '2.0.0', '3.0.0']) await api.register({ name: 'churn', version });
	return api;
}

describe('actions on the ticked versions', () => {
	it('moves them and says so; refuses several to production at the stage field', async () => {
		const api = await registerFour();
		const { bulk } = bar(['1.0.0', '2.0.0']);
		bulk.stage = 'staging';
		bulk.requestMove();
		await expect.poll(() => lastNotice()?.text).toBe('Moved 2 versions of churn to staging.');
		expect((await api.getVersion('churn', '2.0.0'))?.stage).toBe('staging');
		expect(bulk.stage).toBe('');

		const errors = notices.list.length;
		bulk.stage = 'production';
		expect(await bulk.move()).toBe(false);
		expect(bulk.stageError).toMatch(/^A model has at most one version in production/);
		expect(notices.list.length).toBe(errors);
		bulk.stage = 'archived';
		expect(bulk.stageError).toBeUndefined();
	});

	it('asks before a move takes the production version out, or promotes one', async () => {
		await registerFour();
		const demoting = bar(['1.0.0', '3.0.0'], '3.0.0').bulk;
		demoting.stage = 'archived';
		demoting.requestMove();
		expect([demoting.confirmMove, demoting.moveQuestion]).toEqual([true, 'demotion']);

		const promoting = bar(['2.0.0']).bulk;
		promoting.stage = 'production';
		promoting.requestMove();
		expect([promoting.confirmMove, promoting.moveQuestion]).toEqual([true, 'promotion']);

		const unchosen = bar(['2.0.0']).bulk;
		unchosen.requestMove();
		expect(unchosen.confirmMove).toBe(false);
		expect(unchosen.stageError).toBe('Choose a stage to move the ticked versions to.');
	});

	it('adds and removes a tag; an invalid key is shown at the tag field', async () => {
		const api = await registerFour();
		const { bulk } = bar(['1.0.0', '1.1.0']);
		bulk.tagKey = '  ';
		expect(await bulk.addTag()).toBe(false);
		expect(bulk.tagError).toBe('A key must not be empty.');

		bulk.tagKey = 'owner';
		bulk.tagValue = 'ana';
		expect(bulk.tagError).toBeUndefined();
		expect(await bulk.addTag()).toBe(true);
		expect([bulk.tagKey, bulk.tagValue]).toEqual(['', '']);
		expect((await api.getVersion('churn', '1.1.0'))?.tags).toEqual({ owner: 'ana' });

		bulk.tagKey = 'owner';
		expect(await bulk.removeTag()).toBe(true);
		expect((await api.getVersion('churn', '1.1.0'))?.tags).toEqual({});
	});

	it('deletes them and unticks them; ticking all on the page keeps ticks elsewhere', async () => {
		const api = await registerFour();
		const { bulk, selection } = bar(['9.0.0']);
		bulk.selectAll(['1.0.0', '1.1.0', '9.0.0']);
		expect(selection.versions).toEqual(['9.0.0', '1.0.0', '1.1.0']);

		// One of them is gone (deleted in another tab): nothing is deleted, and the ticks stay.
		expect(await bulk.delete()).toBe(false);
		expect(lastNotice()?.text).toBe('Version 9.0.0 of model churn does not exist. Nothing was changed.');
		expect(selection.versions).toHaveLength(3);

		selection.versions = ['1.0.0', '1.1.0'];
		expect(await bulk.delete()).toBe(true);
		expect(selection.versions).toEqual([]);
		expect(lastNotice()?.text).toBe('Deleted 2 versions of churn.');
		expect((await api.getModel('churn'))?.versionCount).toBe(2);

		bulk.selectAll(['2.0.0']);
		bulk.clear();
		expect(selection.versions).toEqual([]);
	});
});
