import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModelStage } from '$lib';
import { Edit } from '$lib/state/edit.svelte';
import { notices } from '$lib/state/notices.svelte';
import { tagsMessage, tagsOfRows, type KeyValueRow } from '$lib/state/register-input';
import { VersionPage } from '$lib/state/version-page.svelte';
import { useRegistryInProcess } from './in-process';

/** What the page saved: the browser's download, as the page hands it over. */
const saved = vi.hoisted(() => [] as Array<{ blob: Blob; filename: string }>);
vi.mock('$lib/state/save-file', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/state/save-file')>()),
	downloadBlob: (blob: Blob, filename: string) => saved.push({ blob, filename })
}));

let stop: (() => void) | undefined;
afterEach(() => stop?.());

/** The page of churn:1.0.0, as the version route creates it, once it has read the version. */
async function openPage(): Promise<VersionPage> {
	let page!: VersionPage;
	stop = $effect.root(() => {
		page = new VersionPage('churn', '1.0.0');
	});
	flushSync();
	await vi.waitFor(() => expect(page.current.value?.fullName).toBe('churn:1.0.0'));
	return page;
}

const errorNotices = () => notices.list.filter((notice) => notice.kind === 'error').length;

describe('the version page', () => {
	it('shows an alias the registry refuses at the alias field, and sets a good one', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0' });
		const page = await openPage();
		const errors = errorNotices();

		page.aliasDraft = 'latest';
		await page.setAlias();
		expect(page.aliasError).toBe('"latest" always means the highest version; choose another alias.');
		expect(page.aliasDraft).toBe('latest');
		expect(errorNotices()).toBe(errors);

		page.aliasDraft = ' champion ';
		await page.setAlias();
		expect(page.aliasError).toBeUndefined();
		expect(page.aliasDraft).toBe('');
		await vi.waitFor(() => expect(page.aliases).toEqual(['champion']));
	});

	it('shows a stage the registry refuses at the stage field; a move says what it did', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0' });
		const page = await openPage();
		const errors = errorNotices();

		await page.move('retired' as ModelStage);
		expect(page.stageError).toMatch(/^[A-Z]/);
		expect(errorNotices()).toBe(errors);
		expect((await api.getVersion('churn', '1.0.0'))?.stage).toBe('development');

		page.targetStage = 'staging';
		page.requestMove();
		await vi.waitFor(() => expect(page.current.value?.stage).toBe('staging'));
		expect(page.stageError).toBeUndefined();
		expect(page.targetStage).toBe('');
		expect(notices.list.at(-1)).toMatchObject({ kind: 'info', text: 'Moved churn:1.0.0 to staging.' });
	});

	it('asks before a promotion, naming the version it archives', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '0.9.0' });
		await api.transitionStage('churn', '0.9.0', 'production');
		await api.register({ name: 'churn', version: '1.0.0' });
		const page = await openPage();
		await vi.waitFor(() => expect(page.replaced).toBe('0.9.0'));

		page.targetStage = 'production';
		page.requestMove();
		expect(page.confirmPromotion).toBe(true);
		expect((await api.getVersion('churn', '1.0.0'))?.stage).toBe('development');
	});

	it('closes an open confirmation when the version is deleted in another tab', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0' });
		const page = await openPage();
		page.confirmDelete = true;

		await api.deleteVersion('churn', '1.0.0');
		await vi.waitFor(() => expect(page.current.value).toBeUndefined());
		flushSync();
		expect(page.confirmDelete).toBe(false);
	});

	it("downloads one file of a folder by its path, saved under the file's own name", async () => {
		const api = useRegistryInProcess();
		await api.register({
			name: 'churn',
			version: '1.0.0',
			files: [
				{ path: 'MLmodel', content: new TextEncoder().encode('flavors: {}') },
				{ path: 'model/weights.bin', content: new Uint8Array([1, 2, 3]) }
			]
		});
		const page = await openPage();

		expect(await page.download('model/weights.bin')).toBe(true);
		expect(saved.at(-1)?.filename).toBe('weights.bin');
		expect([...new Uint8Array(await saved.at(-1)!.blob.arrayBuffer())]).toEqual([1, 2, 3]);
		const count = saved.length;
		expect(await page.download('model/missing.bin')).toBe(false);
		expect(saved).toHaveLength(count);
		expect(notices.list.at(-1)).toMatchObject({
			kind: 'error',
			text: 'churn:1.0.0 has no file model/missing.bin.'
		});
	});

	it('says so in a notice when the version went in another tab before its download', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0', artifact: new Uint8Array([1, 2, 3]) });
		const page = await openPage();
		await api.deleteVersion('churn', '1.0.0');

		expect(await page.download('artifact')).toBe(false);
		expect(notices.list.at(-1)).toMatchObject({
			kind: 'error',
			text: 'Version 1.0.0 of model churn does not exist.'
		});
	});
});

describe('the tags editor', () => {
	const rows = (...pairs: Array<[string, string]>): KeyValueRow[] =>
		pairs.map(([key, value]) => ({ key, value }));

	it('refuses two tags with the same name at the field, and stores nothing', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0', tags: { team: 'growth' } });
		const edit = new Edit<KeyValueRow[]>(tagsMessage);
		edit.start(rows(['team', 'a'], ['team', 'b']));

		await edit.save(async (draft) => api.updateVersion('churn', '1.0.0', { tags: tagsOfRows(draft) }));
		expect(edit.error).toBe('"team" is used twice; each name may appear once.');
		expect(edit.open).toBe(true);
		expect((await api.getVersion('churn', '1.0.0'))?.tags).toEqual({ team: 'growth' });
	});

	it('keeps the key in a message about one tag, and closes once saved', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0' });
		const edit = new Edit<KeyValueRow[]>(tagsMessage);
		const save = () =>
			edit.save(async (draft) => api.updateVersion('churn', '1.0.0', { tags: tagsOfRows(draft) }));

		edit.start(rows(['__proto__', 'x']));
		await save();
		expect(edit.error).toBe('tags.__proto__: "__proto__" is not allowed as a key.');

		edit.start(rows(['team', 'growth'], ['', '']));
		await save();
		expect([edit.open, edit.error]).toEqual([false, undefined]);
		expect((await api.getVersion('churn', '1.0.0'))?.tags).toEqual({ team: 'growth' });
	});

	it('shows a failure that is not about the tags as a notice, not at the field', async () => {
		const api = useRegistryInProcess();
		const edit = new Edit<KeyValueRow[]>(tagsMessage);
		edit.start(rows(['team', 'growth']));

		await edit.save(async (draft) => api.updateModel('nobody', { tags: tagsOfRows(draft) }));
		expect(edit.error).toBeUndefined();
		expect(notices.list.at(-1)).toMatchObject({ kind: 'error', text: 'Model nobody does not exist.' });
	});
});
