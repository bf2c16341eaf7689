/**
 * The worker's api, run in-process on IndexedDB (fake-indexeddb) as a tab's worker runs it: the write
 * queue, change announcements, cancellable tasks and the import previews.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DexieModelStore, ModelRegistry, RegistryError } from '$lib';
import { createRegistryApi, type LocalRegistryApi } from '$lib/worker/api';
import type { RegistryChange } from '$lib/worker/contract';
import { exportBundle } from '../bundle/helpers';
import { uniqueDatabaseName } from '../stores';

let channels = 0;
const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
	for (const thing of opened.splice(0)) await thing.close();
});

/** A tab: an api over the database `name`, announcing on `channel`. */
function tab(name: string, channel: string, options: Partial<Parameters<typeof createRegistryApi>[0]> = {}) {
	const api = createRegistryApi({ store: new DexieModelStore({ name }), channel, ...options });
	opened.push(api);
	return api;
}

/** What a page hears on the channel. */
function listen(channel: string): RegistryChange[] {
	const heard: RegistryChange[] = [];
	const page = new BroadcastChannel(channel);
	page.onmessage = (event: MessageEvent<RegistryChange>) => heard.push(event.data);
	opened.push(page);
	return heard;
}

function setUp() {
	const name = uniqueDatabaseName();
	const channel = `test-changes-${process.pid}-${++channels}`;
	return { name, channel, api: tab(name, channel), heard: listen(channel) };
}

const names = async (api: LocalRegistryApi, text = '') =>
	(await api.search({ text })).items.map((v) => v.fullName);

const failure = (promise: Promise<unknown>) =>
	promise.then(
		() => undefined,
		(e: unknown) => e as RegistryError
	);

describe('createRegistryApi', () => {
	it('registers, searches, and wipes, announcing each change to every tab', async () => {
		const { name, channel, api, heard } = setUp();
		const other = tab(name, channel);
		expect(await names(other)).toEqual([]);

		await api.register({ name: 'churn', version: '1.0.0', tags: { team: 'growth' } });
		await api.register({ name: 'fraud', version: '2.0.0' });
		expect(await names(api, 'growth')).toEqual(['churn:1.0.0']);
		// The other tab patches the copy it searched before, from the announcement.
		await vi.waitFor(async () => expect(await names(other)).toEqual(['churn:1.0.0', 'fraud:2.0.0']));
		await vi.waitFor(() =>
			expect(heard).toEqual([
				{ kind: 'registered', model: 'churn', version: '1.0.0', versions: [['churn', '1.0.0']] },
				{ kind: 'registered', model: 'fraud', version: '2.0.0', versions: [['fraud', '2.0.0']] }
			])
		);

		await api.wipe();
		expect(await names(api)).toEqual([]);
		expect((await api.listModels()).total).toBe(0);
		await vi.waitFor(async () => expect(await names(other)).toEqual([]));
		await vi.waitFor(() => expect(heard.at(-1)).toEqual({ kind: 'wiped', versions: undefined }));
	});

	it('validates a search once, in the registry, whether it is answered from memory or not', async () => {
		const { api } = setUp();
		const error = await failure(api.search({ stages: ['live' as never] }));
		expect(error).toBeInstanceOf(RegistryError);
		expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'stages[0]' } });
		await expect(api.search({ limit: 5000 })).rejects.toMatchObject({ details: { field: 'limit' } });
	});

	it('releases the queue after a failed write, and announces nothing for it', async () => {
		const { api, heard } = setUp();
		await api.register({ name: 'm', version: '1.0.0' });
		expect(await failure(api.register({ name: 'm', version: '1.0.0' }))).toMatchObject({
			code: 'DUPLICATE_VERSION'
		});
		expect(await failure(api.transitionStage('m', '9.0.0', 'production'))).toMatchObject({
			code: 'NOT_FOUND'
		});
		await api.transitionStage('m', '1.0.0', 'production');
		await vi.waitFor(() =>
			expect(heard.map((change) => change.kind)).toEqual(['registered', 'stage-changed'])
		);
	});

	it('cancels a task while it runs and while it waits in the queue, storing nothing', async () => {
		const { api } = setUp();
		const bytes = new Uint8Array(8 * 2 ** 20);
		const running = failure(
			api.register(
				{ name: 'm', version: '1.0.0', artifact: bytes },
				'hashing',
				() => void api.cancel('hashing')
			)
		);
		const waiting = failure(api.register({ name: 'm', version: '2.0.0' }, 'waiting'));
		await api.cancel('waiting');
		expect(await running).toMatchObject({ code: 'CANCELLED' });
		expect(await waiting).toMatchObject({ code: 'CANCELLED' });
		expect(await api.getModel('m')).toBeUndefined();
		await api.cancel('no-such-task');
		expect(await api.register({ name: 'm', version: '1.0.0' })).toMatchObject({ fullName: 'm:1.0.0' });
	});

	it('refuses an artifact the storage estimate has no room for, before hashing it', async () => {
		const { name, channel } = setUp();
		const api = tab(name, channel, { estimate: async () => ({ quota: 1024, usage: 0 }) });
		const error = await failure(
			api.register({ name: 'm', version: '1.0.0', artifact: new Uint8Array(4096) })
		);
		expect(error).toMatchObject({ code: 'STORAGE_FULL' });
		expect(await api.register({ name: 'm', version: '1.0.0' })).toMatchObject({ fullName: 'm:1.0.0' });
	});

	it('counts every file of a folder against the storage estimate, and loads each by its path', async () => {
		const { name, channel } = setUp();
		// Room for the records and 1,000 bytes: each file fits, all of them together do not.
		const api = tab(name, channel, { estimate: async () => ({ quota: 64 * 1024 + 1000, usage: 0 }) });
		const folder = ['a.bin', 'b/c.bin', 'b/d.bin'].map((path) => ({ path, content: new Uint8Array(400) }));
		expect(await failure(api.register({ name: 'm', version: '1.0.0', files: folder }))).toMatchObject({
			code: 'STORAGE_FULL'
		});
		expect(await api.getModel('m')).toBeUndefined();

		const small = [
			{ path: 'b/c.bin', content: new Uint8Array([2]) },
			{ path: 'a.bin', content: new Uint8Array([1]) }
		];
		const version = await api.register({ name: 'm', version: '1.0.0', files: small });
		expect(version.files?.map((f) => f.path)).toEqual(['a.bin', 'b/c.bin']);
		expect([...new Uint8Array(await (await api.loadFile('m', '1.0.0', 'b/c.bin')).arrayBuffer())]).toEqual([
			2
		]);
	});

	it('previews an import, forgets a discarded one, and applies under the import lock', async () => {
		const source = new ModelRegistry();
		await source.register({ name: 'm', version: '1.0.0', artifact: new Uint8Array([1, 2, 3]) });
		const bundle = await exportBundle(source);
		const locked: string[] = [];
		const { name, channel, heard } = setUp();
		const api = tab(name, channel, {
			lock: async (work) => {
				locked.push('held');
				return work();
			}
		});

		const discarded = await api.previewImport(bundle);
		expect(discarded).toMatchObject({ models: 1, versions: 1, artifacts: 1, artifactBytes: 3 });
		await api.discardImport(discarded.importId);
		expect(await failure(api.applyImport(discarded.importId, 'fail'))).toMatchObject({ code: 'NOT_FOUND' });

		const preview = await api.previewImport(bundle);
		expect(preview.plan.counts).toMatchObject({ newModels: 1, newVersions: 1 });
		expect(await api.applyImport(preview.importId, 'fail')).toMatchObject({ models: 1, added: 1 });
		expect(locked).toEqual(['held', 'held']);
		expect(await names(api)).toEqual(['m:1.0.0']);
		await vi.waitFor(() => expect(heard.at(-1)).toMatchObject({ kind: 'imported' }));
		// Applied once: the preview is gone.
		expect(await failure(api.applyImport(preview.importId, 'fail'))).toMatchObject({ code: 'NOT_FOUND' });
	});
});
