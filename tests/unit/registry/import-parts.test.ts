/**
 * An import that takes its models in parts (issue 18: a bundle of a million versions held whole took
 * 2.85 GB): the parts arrive while the one write transaction is open — here with a real pause between
 * them, which would let IndexedDB commit a transaction that did not wait for them through the store —
 * and the import is still all or nothing, keeps the chart's buckets exact and plans by counts.
 */
import { describe, expect, it } from 'vitest';
import {
	DexieModelStore,
	InMemoryModelStore,
	IMPORT_NAMED,
	ModelRegistry,
	PLAN_NAMED,
	type ModelStore,
	type ModelVersion,
	type SnapshotPart
} from '$lib';
import { aVersion } from '../builders';
import { refusal, uniqueDatabaseName } from '../stores';

const AT = '2026-06-01T00:00:00.000Z';
/** Low, so that the buckets are settled several times inside one import. */
const SETTLE_EVERY = 250;

const STORES: Array<[string, () => ModelStore]> = [
	['InMemoryModelStore', () => new InMemoryModelStore({ settleSeriesEvery: SETTLE_EVERY })],
	[
		'DexieModelStore',
		() => new DexieModelStore({ name: uniqueDatabaseName(), settleSeriesEvery: SETTLE_EVERY })
	]
];

const versionAt = (i: number) => `1.${Math.floor(i / 100)}.${i % 100}`;

function versionsOf(model: string, indexes: number[], patch: Partial<ModelVersion> = {}): ModelVersion[] {
	return indexes.map((i) =>
		aVersion({
			modelName: model,
			version: versionAt(i),
			metrics: { accuracy: ((i * 37) % 11) / 10, custom: {} },
			createdAt: AT,
			updatedAt: AT,
			...patch
		})
	);
}

const modelFields = (name: string) => ({
	name,
	description: '',
	tags: {},
	createdAt: AT,
	updatedAt: AT,
	aliases: { champion: versionAt(3) }
});

/** A macrotask: long enough for IndexedDB to commit a transaction nothing keeps open. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * The model's versions in parts of `size`, then its history in one part, a pause before each;
 * `onStop` hears whether the source was stopped before its end.
 */
async function* inParts(
	name: string,
	versions: ModelVersion[],
	size: number,
	options: { failAfter?: number; onStop?: (early: boolean) => void } = {}
): AsyncGenerator<SnapshotPart> {
	let done = false;
	try {
		for (let at = 0, n = 0; at < versions.length; at += size, n++) {
			await pause();
			if (options.failAfter === n) throw new Error('The bundle is damaged past this point.');
			yield { model: modelFields(name), versions: versions.slice(at, at + size), history: [], more: true };
		}
		await pause();
		const history = versions.map((v) => ({
			at: AT,
			kind: 'version.registered' as const,
			version: v.version
		}));
		yield { model: modelFields(name), versions: [], history };
		done = true;
	} finally {
		options.onStop?.(!done);
	}
}

/** Everything a person could see of the registry, to compare before and after. */
async function contents(store: ModelStore) {
	return store.read(async (tx) => {
		const models = await tx.listModels({ offset: 0, limit: Infinity, order: 'name-asc' });
		return {
			models,
			versions: await Promise.all(
				models.map((m) => tx.listVersions(m.name, { offset: 0, limit: Infinity, order: 'semver-asc' }))
			),
			events: await Promise.all(models.map((m) => tx.listEvents(m.name))),
			buckets: await Promise.all(models.map((m) => tx.seriesBuckets(m.name)))
		};
	});
}

describe.each(STORES)('an import in parts on %s', (_name, makeStore) => {
	it('takes parts that arrive with pauses in one transaction, buckets and history exact', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store, { now: () => new Date(AT) });
		const versions = versionsOf('big', [...Array(1_200).keys()]);
		versions[900] = { ...versions[900]!, stage: 'production' };

		const result = await registry.importSnapshots(inParts('big', versions, 100), {
			policy: 'skip',
			artifacts: new Map()
		});

		expect(result).toEqual({ models: 1, added: 1_200, replaced: 0, skipped: 0 });
		const model = await registry.getModel('big');
		expect(model).toMatchObject({ versionCount: 1_200, productionVersion: versionAt(900) });
		expect(model?.aliases).toEqual({ champion: versionAt(3) });
		const events = await store.read((tx) => tx.listEvents('big'));
		expect(events.filter((e) => e.kind === 'version.registered')).toHaveLength(1_200);
		expect(events.at(-1)).toMatchObject({
			kind: 'model.imported',
			after: {
				added: versions.slice(0, IMPORT_NAMED).map((v) => v.version),
				addedCount: 1_200,
				replacedCount: 0
			}
		});
		// Check registry compares every chart bucket with what its versions summarize to.
		expect(await registry.verify()).toMatchObject({ problems: [] });
	});

	it('into a model that has some of it: replaces as asked, keeps one production version', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store, { now: () => new Date(AT) });
		await registry.importSnapshots(
			[{ model: modelFields('big'), versions: versionsOf('big', [0, 1, 2, 3, 4, 700]), history: [] }],
			{
				policy: 'skip',
				artifacts: new Map()
			}
		);
		await registry.transitionStage('big', versionAt(700), 'production');
		const incoming = versionsOf('big', [...Array(600).keys()], { tags: { from: 'bundle' } });
		incoming[500] = { ...incoming[500]!, stage: 'production' };

		const result = await registry.importSnapshots(inParts('big', incoming, 150), {
			policy: 'replace',
			artifacts: new Map()
		});

		expect(result).toMatchObject({ models: 1, added: 595, replaced: 5 });
		expect(await registry.getModel('big')).toMatchObject({
			versionCount: 601,
			productionVersion: versionAt(500)
		});
		expect((await registry.getVersion('big', versionAt(700)))?.stage).toBe('archived');
		expect((await registry.getVersion('big', versionAt(1)))?.tags).toEqual({ from: 'bundle' });
		expect(await registry.verify()).toMatchObject({ problems: [] });
	});

	it('names the first versions it replaced, counts them all, and the history check still holds', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store, { now: () => new Date(AT) });
		const count = IMPORT_NAMED + 50;
		await registry.importSnapshots(
			[{ model: modelFields('big'), versions: versionsOf('big', [...Array(count).keys()]), history: [] }],
			{ policy: 'skip', artifacts: new Map() }
		);
		// The last version's history says staging; the import, past the names its event keeps, puts it
		// back in development without bringing any history of its own.
		await registry.transitionStage('big', versionAt(count - 1), 'staging');
		const incoming = versionsOf('big', [...Array(count).keys()], { tags: { from: 'bundle' } });

		const result = await registry.importSnapshots(
			[{ model: modelFields('big'), versions: incoming, history: [] }],
			{
				policy: 'replace',
				artifacts: new Map()
			}
		);

		expect(result).toMatchObject({ added: 0, replaced: count });
		const events = await store.read((tx) => tx.listEvents('big'));
		expect(events.at(-1)?.after).toMatchObject({
			added: [],
			addedCount: 0,
			replaced: incoming.slice(0, IMPORT_NAMED).map((v) => v.version),
			replacedCount: count
		});
		expect((await registry.getVersion('big', versionAt(count - 1)))?.stage).toBe('development');
		expect(await registry.verify()).toMatchObject({ problems: [] });
	});

	it('a part that fails late leaves the registry as it was, and the source is stopped', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store, { now: () => new Date(AT) });
		await registry.importSnapshots(
			[{ model: modelFields('big'), versions: versionsOf('big', [0, 1, 2, 3]), history: [] }],
			{
				policy: 'skip',
				artifacts: new Map()
			}
		);
		const before = await contents(store);

		// The source itself fails (a damaged line) after three parts were written...
		await expect(
			registry.importSnapshots(
				inParts('big', versionsOf('big', [...Array(800).keys()]), 100, { failAfter: 3 }),
				{
					policy: 'skip',
					artifacts: new Map()
				}
			)
		).rejects.toThrow('damaged');
		expect(await contents(store)).toEqual(before);

		// ...or the import refuses a part (a conflict under "fail"): the source hears it stop early.
		let stoppedEarly: boolean | undefined;
		const conflicting = versionsOf('big', [...Array(800).keys()]).map((v, i) =>
			i === 650 ? { ...v, description: 'changed' } : v
		);
		await registry.importSnapshots(inParts('big', conflicting.slice(0, 600), 100), {
			policy: 'skip',
			artifacts: new Map()
		});
		const beforeConflict = await contents(store);
		await registry.importSnapshots(
			[{ model: modelFields('big'), versions: versionsOf('big', [650]), history: [] }],
			{
				policy: 'skip',
				artifacts: new Map()
			}
		);
		const withOriginal = await contents(store);
		const error = await refusal(
			registry.importSnapshots(
				inParts('big', conflicting, 100, { onStop: (early) => (stoppedEarly = early) }),
				{
					policy: 'fail',
					artifacts: new Map()
				}
			)
		);
		expect(error.code).toBe('CONFLICT');
		expect(stoppedEarly).toBe(true);
		expect(await contents(store)).toEqual(withOriginal);
		expect(withOriginal).not.toEqual(beforeConflict);
	});

	it('stops between parts when cancelled, keeping nothing, and tells how far it got', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store, { now: () => new Date(AT) });
		const stop = new AbortController();
		const taken: number[] = [];
		const error = await refusal(
			registry.importSnapshots(inParts('big', versionsOf('big', [...Array(600).keys()]), 100), {
				policy: 'skip',
				artifacts: new Map(),
				signal: stop.signal,
				onVersions: (versions) => {
					taken.push(versions);
					if (versions === 300) stop.abort();
				}
			})
		);
		expect(error.code).toBe('CANCELLED');
		expect(taken).toEqual([100, 200, 300]);
		expect((await contents(store)).models).toEqual([]);
	});

	it('refuses parts that break off a model, writing nothing', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store, { now: () => new Date(AT) });
		const parts: SnapshotPart[] = [
			{ model: modelFields('a'), versions: versionsOf('a', [3]), history: [], more: true },
			{ model: modelFields('b'), versions: versionsOf('b', [3]), history: [] }
		];
		const error = await refusal(registry.importSnapshots(parts, { policy: 'skip', artifacts: new Map() }));
		expect(error.message).toBe('The snapshot of a ended before its last part.');
		expect((await contents(store)).models).toEqual([]);
	});

	it('plans by counts, naming the first conflicting versions only', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store, { now: () => new Date(AT) });
		const stored = versionsOf('big', [...Array(300).keys()]);
		await registry.importSnapshots([{ model: modelFields('big'), versions: stored, history: [] }], {
			policy: 'skip',
			artifacts: new Map()
		});
		// 100 identical, 200 changed, 200 new.
		const incoming = versionsOf('big', [...Array(500).keys()]).map((v, i) =>
			i >= 100 && i < 300 ? { ...v, description: 'changed' } : v
		);

		const plan = await registry.planImport(inParts('big', incoming, 64));

		expect(plan.models).toEqual([
			{
				name: 'big',
				isNew: false,
				newVersions: 200,
				identical: 100,
				conflicting: 200,
				conflictingVersions: incoming.slice(100, 100 + PLAN_NAMED).map((v) => v.version)
			}
		]);
		expect(plan.counts).toEqual({ newModels: 0, newVersions: 200, identical: 100, conflicting: 200 });
	});
});
