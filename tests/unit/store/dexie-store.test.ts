/**
 * What only the IndexedDB store has to prove: data outlives the connection, tabs share it safely, and
 * its reads are shaped so that Chromium serves them without walking more than they return.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DexieModelStore, ModelRegistry, RegistryError } from '$lib';
import { uniqueDatabaseName } from '../stores';

interface BackwardRead {
	source: string;
	range: IDBKeyRange | undefined;
}

/**
 * Records every backward read (a `prev` cursor or `getAll`) of every index and object store, with
 * its range, whichever of IndexedDB's call forms Dexie uses.
 */
function recordBackwardReads(): BackwardRead[] {
	const reads: BackwardRead[] = [];
	type Read = (this: IDBIndex | IDBObjectStore, ...args: unknown[]) => unknown;
	for (const proto of [IDBIndex.prototype, IDBObjectStore.prototype]) {
		const methods = proto as unknown as Record<string, Read>;
		for (const method of ['openCursor', 'openKeyCursor', 'getAll', 'getAllKeys', 'getAllRecords']) {
			const original = methods[method];
			if (typeof original !== 'function') continue;
			vi.spyOn(methods, method).mockImplementation(function (this: IDBIndex | IDBObjectStore, ...args) {
				const [first, second] = args;
				const options =
					first && typeof first === 'object' && !(first instanceof IDBKeyRange)
						? (first as { query?: unknown; direction?: IDBCursorDirection })
						: { query: first, direction: method.startsWith('open') ? second : 'next' };
				if (options.direction === 'prev' || options.direction === 'prevunique')
					reads.push({
						source: this.name,
						range: options.query instanceof IDBKeyRange ? options.query : undefined
					});
				return original.apply(this, args);
			});
		}
	}
	return reads;
}

describe('DexieModelStore', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('keeps everything after the database is closed and opened again', async () => {
		const name = uniqueDatabaseName();
		const first = new ModelRegistry(new DexieModelStore({ name }));
		const bytes = new TextEncoder().encode('weights');
		await first.register({ name: 'churn', version: '1.0.0', metrics: { accuracy: 0.9 }, artifact: bytes });
		await first.transitionStage('churn', '1.0.0', 'production');
		await first.setAlias('churn', 'champion', '1.0.0');
		const before = {
			model: await first.getModel('churn'),
			version: await first.getVersion('churn', '1.0.0'),
			history: await first.history('churn')
		};
		await first.close();

		const reopened = new ModelRegistry(new DexieModelStore({ name }));
		expect(await reopened.getModel('churn')).toEqual(before.model);
		expect(await reopened.getVersion('churn', '1.0.0')).toEqual(before.version);
		expect(await reopened.history('churn')).toEqual(before.history);
		const file = await reopened.loadFile('churn', '1.0.0', 'artifact');
		expect(new TextDecoder().decode(await file.arrayBuffer())).toBe('weights');
		await reopened.close();
	});

	it('scans versions past its read chunks in search order, counting every match', async () => {
		const store = new DexieModelStore({ name: uniqueDatabaseName() });
		const registry = new ModelRegistry(store);
		const at = '2026-01-01T00:00:00.000Z';
		const expected: string[] = [];
		await store.write(async (tx) => {
			for (const model of ['a', 'b'])
				for (let i = 0; i < 2_500; i++) {
					const version = `1.${i}.0`;
					await tx.putVersion({
						modelName: model,
						version,
						fullName: `${model}:${version}`,
						stage: 'development',
						framework: 'sklearn',
						metrics: { custom: {} },
						parameters: {},
						tags: {},
						description: i % 3 ? '' : 'third',
						createdAt: at,
						updatedAt: at
					});
					if (i % 3 === 0) expected.push(`${model}:${version}`);
				}
		});
		const scan = await store.read((tx) =>
			tx.scanVersions((v) => v.description === 'third', { offset: 100, limit: 2_000 })
		);
		expect(scan.total).toBe(expected.length);
		expect(scan.items.map((v) => v.fullName)).toEqual(expected.slice(100, 2_100));
		expect((await registry.allVersions()).length).toBe(5_000);
		await registry.close();
	});

	it('lists a model longer than its read chunks whole, in SemVer order either way, from any offset', async () => {
		const store = new DexieModelStore({ name: uniqueDatabaseName() });
		const at = '2026-01-01T00:00:00.000Z';
		// Versions whose SemVer order is not their string order, with a neighbour model on each side.
		const numbers = Array.from({ length: 4_500 }, (_, i) => i);
		await store.write((tx) =>
			tx.putVersions(
				['a', 'm', 'z'].flatMap((model) =>
					(model === 'm' ? numbers : [0, 1]).map((i) => ({
						modelName: model,
						version: `${i % 7}.${i}.0`,
						fullName: `${model}:${i % 7}.${i}.0`,
						stage: 'development' as const,
						framework: 'custom' as const,
						metrics: { custom: {} },
						parameters: {},
						tags: {},
						description: '',
						createdAt: at,
						updatedAt: at
					}))
				)
			)
		);
		const ascending = [...numbers].sort((x, y) => (x % 7) - (y % 7) || x - y).map((i) => `${i % 7}.${i}.0`);
		const list = (order: 'semver-asc' | 'semver-desc', offset: number, limit: number) =>
			store.read(async (tx) => (await tx.listVersions('m', { order, offset, limit })).map((v) => v.version));
		expect(await list('semver-asc', 0, Infinity)).toEqual(ascending);
		expect(await list('semver-desc', 0, Infinity)).toEqual([...ascending].reverse());
		expect(await list('semver-asc', 1_999, 2_002)).toEqual(ascending.slice(1_999, 4_001));
		expect(await list('semver-desc', 100, Infinity)).toEqual([...ascending].reverse().slice(100));
		expect(await list('semver-asc', 4_400, 5_000)).toEqual(ascending.slice(4_400));
		await store.close();
		// fake-indexeddb writes 4,504 rows (reading each one's row before, for the chart summary) and reads
		// them five times: about 20 s on an idle machine, more than the default limit on a busy one.
	}, 120_000);

	it('opens lazily and uses the default database name', async () => {
		const store = new DexieModelStore();
		expect(store.db.name).toBe('model-registry');
		expect(store.db.isOpen()).toBe(false);
		await new ModelRegistry(store).listModels();
		expect(store.db.isOpen()).toBe(true);
		await store.close();
	});

	it('stores an artifact registered twice only once', async () => {
		const store = new DexieModelStore({ name: uniqueDatabaseName() });
		const registry = new ModelRegistry(store);
		const bytes = crypto.getRandomValues(new Uint8Array(4096));
		await registry.register({ name: 'a', version: '1.0.0', artifact: bytes });
		await registry.register({ name: 'a', version: '1.0.1', artifact: bytes });
		expect(await store.db.artifacts.count()).toBe(1);
		await registry.close();
	});

	it('keeps one production version when two tabs promote at once', async () => {
		const name = uniqueDatabaseName();
		// Two connections to one database, as two browser tabs have.
		const tabA = new ModelRegistry(new DexieModelStore({ name }));
		const tabB = new ModelRegistry(new DexieModelStore({ name }));
		const versions = Array.from({ length: 10 }, (_, i) => `1.${i}.0`);
		for (const version of versions) await tabA.register({ name: 'm', version });

		await Promise.all(
			versions.map((version, i) => (i % 2 ? tabA : tabB).transitionStage('m', version, 'production'))
		);
		const production = await tabB.search({ model: 'm', stages: ['production'] });
		expect(production.total).toBe(1);
		expect((await tabA.getModel('m'))?.productionVersion).toBe(production.items[0]?.version);
		const stageChanges = (await tabA.history('m')).filter((e) => e.kind === 'version.stage_changed');
		// Each promotion after the first also archived the one before it.
		expect(stageChanges).toHaveLength(versions.length * 2 - 1);
		await Promise.all([tabA.close(), tabB.close()]);
	});

	it('lets exactly one of two tabs register the same version', async () => {
		const name = uniqueDatabaseName();
		const tabs = [
			new ModelRegistry(new DexieModelStore({ name })),
			new ModelRegistry(new DexieModelStore({ name }))
		];
		const results = await Promise.allSettled(
			tabs.map((tab, i) => tab.register({ name: 'm', version: '1.0.0', tags: { tab: String(i) } }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(RegistryError.is(rejected.reason, 'DUPLICATE_VERSION')).toBe(true);
		expect((await tabs[0]!.getModel('m'))?.versionCount).toBe(1);
		expect(await tabs[1]!.history('m')).toHaveLength(1);
		await Promise.all(tabs.map((tab) => tab.close()));
	});

	it("reads a model page's newest rows backwards from ranges that end before the next key", async () => {
		// Chromium reads a backward range that ends on a key (a closed upper bound) by stepping forward
		// through every index entry equal to that key first: the newest 51 of a model's 1,000,000 events
		// took 0.3–1 s, and the model page's first versions waited behind them. A range that ends just
		// before the next key (an open bound) starts at the last entry in one seek.
		const store = new DexieModelStore({ name: uniqueDatabaseName() });
		const registry = new ModelRegistry(store);
		// Neighbours whose names and versions extend the read ones, which the ranges must leave out.
		for (const [name, version] of [
			['m', '1.0.0'],
			['m', '1.0.0-rc.1'],
			['m', '2.0.0'],
			['m-2', '1.0.0'],
			['m.x', '1.0.0']
		] as const)
			await registry.register({ name, version });
		await registry.transitionStage('m', '1.0.0', 'production');
		await registry.updateModel('m', { description: 'newest' });
		const whole = await registry.history('m');
		const ofVersion = await registry.history('m', '1.0.0');
		expect(whole.map((e) => e.kind)).toEqual([
			'version.registered',
			'version.registered',
			'version.registered',
			'version.stage_changed',
			'model.updated'
		]);
		expect(ofVersion.map((e) => e.kind)).toEqual(['version.registered', 'version.stage_changed']);

		const reads = recordBackwardReads();
		expect(await registry.history('m', undefined, { newest: 2 })).toEqual(whole.slice(-2));
		expect(await registry.history('m', '1.0.0', { newest: 1 })).toEqual(ofVersion.slice(-1));
		await registry.listVersions('m');
		await registry.listVersions('m', { order: 'created-desc' });
		await registry.listVersions('m', { offset: 2, limit: 1, order: 'semver-asc' });
		expect(reads.map((read) => read.source)).toEqual(
			expect.arrayContaining(['model', '[model+version]', '[modelName+semverKey]', '[modelName+createdAt]'])
		);
		for (const { source, range } of reads)
			expect(range?.upper === undefined || range.upperOpen, `${source} read backwards`).toBe(true);
		await registry.close();
	});
});
