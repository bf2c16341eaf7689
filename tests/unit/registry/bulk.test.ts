/**
 * Actions on several ticked versions at once, on every store: each is all or nothing, writes the
 * history a single action writes for each version it changes, and keeps the model's summary, the
 * production rule and the integrity check as the single actions do.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	ERROR_CODES,
	MAX_BULK_VERSIONS,
	MODEL_STAGES,
	ModelRegistry,
	RegistryError,
	type ModelStore,
	type StoreTx
} from '$lib';
import { observe } from '../bundle/helpers';
import { hostileValue, mutated } from '../hostile';
import { FUZZ_SEED } from '../seed';
import { refusal, STORES } from '../stores';

/** A store whose writes fail at their `failAt`-th history event: after some of their writes, not before. */
function failingAt(inner: ModelStore, failAt: number): ModelStore {
	return {
		read: (work) => inner.read(work),
		close: () => inner.close(),
		write: (work) => {
			let events = 0;
			return inner.write((tx) =>
				work(
					Object.assign(Object.create(tx) as StoreTx, {
						appendEvent: (event: Parameters<StoreTx['appendEvent']>[0]) =>
							++events === failAt ? Promise.reject(new Error('disk failed')) : tx.appendEvent(event)
					})
				)
			);
		}
	};
}

describe.each(STORES)('bulk actions on %s', (_name, makeStore) => {
	let store: ModelStore;
	let registry: ModelRegistry;
	let clock: number;

	beforeEach(async () => {
		store = makeStore();
		clock = Date.parse('2026-01-01T00:00:00Z');
		registry = new ModelRegistry(store, { now: () => new Date((clock += 1000)) });
		for (const version of ['1.0.0', '1.1.0', '2.0.0', '3.0.0']) {
			await registry.register({ name: 'churn', version, tags: { team: 'risk' } });
		}
	});
	afterEach(() => registry.close());

	/** Everything a reader can observe, to prove a refused action changed nothing. */
	async function observed() {
		return {
			model: await registry.getModel('churn'),
			versions: await registry.listVersions('churn', { limit: 100 }),
			history: await registry.history('churn')
		};
	}

	const stages = async () =>
		Object.fromEntries(
			(await registry.listVersions('churn', { limit: 100 })).items.map((v) => [v.version, v.stage])
		);

	async function expectIntact() {
		const report = await registry.verify();
		expect(report.problems).toEqual([]);
	}

	it('keeps nothing of an action that fails halfway through its writes', async () => {
		await registry.transitionStage('churn', '3.0.0', 'production');
		const before = await observed();
		const failing = new ModelRegistry(failingAt(store, 3));
		const all = ['1.0.0', '1.1.0', '2.0.0', '3.0.0'];
		await expect(failing.transitionStages('churn', all, 'archived')).rejects.toThrow('disk failed');
		await expect(failing.tagVersions('churn', all, { set: { a: 'b' } })).rejects.toThrow('disk failed');
		await expect(failing.deleteVersions('churn', all)).rejects.toThrow('disk failed');
		expect(await observed()).toEqual(before);
		await expectIntact();
	});

	describe('transitionStages', () => {
		it('moves every ticked version, one history event each, and keeps the summary', async () => {
			const moved = await registry.transitionStages('churn', ['1.0.0', '2.0.0', '3.0.0'], 'staging');
			expect(moved.map((v) => v.stage)).toEqual(['staging', 'staging', 'staging']);
			expect(await stages()).toEqual({
				'1.0.0': 'staging',
				'1.1.0': 'development',
				'2.0.0': 'staging',
				'3.0.0': 'staging'
			});
			const events = (await registry.history('churn')).filter((e) => e.kind === 'version.stage_changed');
			expect(events.map((e) => [e.version, e.before, e.after])).toEqual([
				['1.0.0', { stage: 'development' }, { stage: 'staging' }],
				['2.0.0', { stage: 'development' }, { stage: 'staging' }],
				['3.0.0', { stage: 'development' }, { stage: 'staging' }]
			]);
			expect((await registry.getModel('churn'))?.stageCounts).toEqual({
				development: 1,
				staging: 3,
				production: 0,
				archived: 0
			});
			await expectIntact();
		});

		it('leaves versions already in the stage alone and writes nothing for them', async () => {
			await registry.transitionStage('churn', '1.0.0', 'staging');
			const before = (await registry.history('churn')).length;
			await registry.transitionStages('churn', ['1.0.0', '1.1.0'], 'staging');
			const after = await registry.history('churn');
			expect(after).toHaveLength(before + 1);
			expect(after.at(-1)?.version).toBe('1.1.0');

			const unchanged = await observed();
			await registry.transitionStages('churn', ['1.0.0', '1.1.0'], 'staging');
			expect(await observed()).toEqual(unchanged);
		});

		it('moving the production version out leaves the model with none in production', async () => {
			await registry.transitionStage('churn', '2.0.0', 'production');
			await registry.transitionStages('churn', ['1.0.0', '2.0.0'], 'archived');
			const model = await registry.getModel('churn');
			expect(model?.productionVersion).toBeUndefined();
			expect(model?.stageCounts.production).toBe(0);
			expect(model?.stageCounts.archived).toBe(2);
			await expectIntact();
		});

		it('promotes one version as a single move does, archiving the one in production', async () => {
			await registry.transitionStage('churn', '1.0.0', 'production');
			await registry.transitionStages('churn', ['2.0.0'], 'production');
			expect(await stages()).toMatchObject({ '1.0.0': 'archived', '2.0.0': 'production' });
			expect((await registry.getModel('churn'))?.productionVersion).toBe('2.0.0');
			const last = (await registry.history('churn')).slice(-2);
			expect(last.map((e) => [e.version, e.after])).toEqual([
				['1.0.0', { stage: 'archived', replacedBy: '2.0.0' }],
				['2.0.0', { stage: 'production' }]
			]);
			await expectIntact();
		});

		it('refuses to move more than one version to production, naming the rule', async () => {
			const before = await observed();
			const error = await refusal(registry.transitionStages('churn', ['1.0.0', '2.0.0'], 'production'));
			expect(error.code).toBe('INVALID_INPUT');
			expect(error.details).toMatchObject({ field: 'versions', rule: 'one-production' });
			expect(error.message).toContain('at most one version in production');
			expect(await observed()).toEqual(before);
		});

		it('moves none when one ticked version does not exist', async () => {
			const before = await observed();
			const error = await refusal(registry.transitionStages('churn', ['1.0.0', '9.9.9', '2.0.0'], 'staging'));
			expect(error.code).toBe('NOT_FOUND');
			expect(error.details).toMatchObject({ field: 'versions[1]', version: '9.9.9' });
			expect(error.message).toBe('Version 9.9.9 of model churn does not exist. Nothing was changed.');
			expect(await observed()).toEqual(before);
		});

		it('refuses a bad stage, version or list before anything is read, naming the field', async () => {
			const before = await observed();
			const cases: Array<[Promise<unknown>, string, string]> = [
				[registry.transitionStages('churn', ['1.0.0'], 'live' as never), 'stage', 'enum'],
				[registry.transitionStages('churn', [], 'staging'), 'versions', 'required'],
				[registry.transitionStages('churn', '1.0.0' as never, 'staging'), 'versions', 'array'],
				[registry.transitionStages('churn', ['1.0.0', 'v2'], 'staging'), 'versions[1]', 'semver'],
				[registry.transitionStages('churn', ['1.0.0', '1.0.0'], 'staging'), 'versions[1]', 'unique'],
				[registry.transitionStages('no such', ['1.0.0'], 'staging'), 'name', 'pattern']
			];
			for (const [call, field, rule] of cases) {
				const error = await refusal(call);
				expect(error.code).toBe('INVALID_INPUT');
				expect(error.details).toMatchObject({ field, rule });
				expect(error.message.startsWith(`${field}: `)).toBe(true);
			}
			expect((await refusal(registry.transitionStages('nope', ['1.0.0'], 'staging'))).code).toBe('NOT_FOUND');
			expect(await observed()).toEqual(before);
		});

		it(`takes at most ${MAX_BULK_VERSIONS} versions at once`, async () => {
			const many = Array.from({ length: MAX_BULK_VERSIONS + 1 }, (_, i) => `0.0.${i}`);
			const error = await refusal(registry.transitionStages('churn', many, 'staging'));
			expect(error.details).toMatchObject({ field: 'versions', rule: 'max-items' });
			expect(error.message).toBe(`versions: at most ${MAX_BULK_VERSIONS} versions at once, not 1001.`);
		});
	});

	describe('tagVersions', () => {
		it('adds and removes tags on every ticked version, as one version.updated event each', async () => {
			await registry.tagVersions('churn', ['1.0.0', '2.0.0'], { set: { owner: 'ana' }, remove: ['team'] });
			const tags = Object.fromEntries(
				(await registry.listVersions('churn', { limit: 100 })).items.map((v) => [v.version, v.tags])
			);
			expect(tags).toEqual({
				'1.0.0': { owner: 'ana' },
				'1.1.0': { team: 'risk' },
				'2.0.0': { owner: 'ana' },
				'3.0.0': { team: 'risk' }
			});
			const events = (await registry.history('churn')).filter((e) => e.kind === 'version.updated');
			expect(events.map((e) => [e.version, e.before, e.after])).toEqual([
				['1.0.0', { tags: { team: 'risk' } }, { tags: { owner: 'ana' } }],
				['2.0.0', { tags: { team: 'risk' } }, { tags: { owner: 'ana' } }]
			]);
			// Found by tag, as search sees it.
			const found = await registry.search({ tags: { owner: 'ana' } });
			expect(found.items.map((v) => v.version)).toEqual(['1.0.0', '2.0.0']);
			await expectIntact();
		});

		it('writes nothing for a version whose tags stay as they were', async () => {
			await registry.tagVersions('churn', ['1.0.0'], { set: { owner: 'ana' } });
			const before = (await registry.history('churn')).length;
			await registry.tagVersions('churn', ['1.0.0', '2.0.0'], { set: { owner: 'ana' } });
			const after = await registry.history('churn');
			expect(after.slice(before).map((e) => e.version)).toEqual(['2.0.0']);
		});

		it('tags none when one ticked version does not exist', async () => {
			const before = await observed();
			const error = await refusal(registry.tagVersions('churn', ['1.0.0', '4.0.0'], { set: { a: 'b' } }));
			expect(error.code).toBe('NOT_FOUND');
			expect(error.details.field).toBe('versions[1]');
			expect(await observed()).toEqual(before);
		});

		it('refuses a bad tag change with the field and the rule, and writes nothing', async () => {
			const before = await observed();
			const cases: Array<[unknown, string, string]> = [
				[{}, 'set', 'required'],
				[{ set: { '': 'x' } }, 'set.', 'required'],
				[{ set: JSON.parse('{"__proto__":"x"}') }, 'set.__proto__', 'forbidden-key'],
				[{ remove: ['__proto__'] }, 'remove[0]', 'forbidden-key'],
				[{ set: { owner: 7 } }, 'set.owner', 'string'],
				[{ set: { owner: 'x'.repeat(4097) } }, 'set.owner', 'max-length'],
				[{ set: { ['k'.repeat(129)]: 'x' } }, `set.${'k'.repeat(129)}`, 'max-length'],
				[{ remove: 'team' }, 'remove', 'array'],
				[{ remove: ['team', ' '] }, 'remove[1]', 'required'],
				[{ set: { team: 'x' }, remove: ['team'] }, 'remove[0]', 'conflict'],
				[{ tags: {} }, 'change.tags', 'unknown-field']
			];
			for (const [change, field, rule] of cases) {
				const error = await refusal(registry.tagVersions('churn', ['1.0.0'], change as never));
				expect(error.code, field).toBe('INVALID_INPUT');
				expect(error.details, field).toMatchObject({ field, rule });
			}
			expect(await observed()).toEqual(before);
		});
	});

	describe('deleteVersions', () => {
		it('deletes every ticked version with its aliases, one version.deleted event each', async () => {
			await registry.transitionStage('churn', '3.0.0', 'production');
			await registry.setAlias('churn', 'champion', '3.0.0');
			await registry.setAlias('churn', 'stable', '1.0.0');
			expect(await registry.deleteVersions('churn', ['3.0.0', '2.0.0'])).toBe(2);

			const model = await registry.getModel('churn');
			expect(model).toMatchObject({ versionCount: 2, latestVersion: '1.1.0', aliases: { stable: '1.0.0' } });
			expect(model?.productionVersion).toBeUndefined();
			const deleted = (await registry.history('churn')).filter((e) => e.kind === 'version.deleted');
			expect(deleted.map((e) => e.version)).toEqual(['3.0.0', '2.0.0']);
			await expectIntact();
		});

		it('frees an artifact only once no version references it', async () => {
			const bytes = new Uint8Array([1, 2, 3, 4]);
			for (const version of ['5.0.0', '6.0.0', '7.0.0']) {
				await registry.register({ name: 'churn', version, artifact: bytes });
			}
			await registry.deleteVersions('churn', ['5.0.0', '6.0.0']);
			expect(await registry.loadFile('churn', '7.0.0', 'artifact')).toBeInstanceOf(Blob);
			await registry.deleteVersions('churn', ['7.0.0']);
			const hashes = await store.read((tx) => tx.artifactHashes());
			expect(hashes).toEqual([]);
			await expectIntact();
		});

		it('deletes none when one ticked version does not exist', async () => {
			const before = await observed();
			const error = await refusal(registry.deleteVersions('churn', ['1.0.0', '2.0.0', '8.0.0']));
			expect(error.code).toBe('NOT_FOUND');
			expect(error.details.field).toBe('versions[2]');
			expect(await observed()).toEqual(before);
		});

		it('deleting every version leaves the model with none', async () => {
			await registry.deleteVersions('churn', ['1.0.0', '1.1.0', '2.0.0', '3.0.0']);
			const model = await registry.getModel('churn');
			expect(model).toMatchObject({ versionCount: 0 });
			expect(model?.latestVersion).toBeUndefined();
			await expectIntact();
		});
	});
});

// Any input at all: a result, or a RegistryError with a known code after which nothing has changed;
// after a result, the registry is still intact (summaries, production, artifacts, history).
const VERSIONS = ['1.0.0', '1.1.0', '2.0.0', '3.0.0', '4.0.0'];
const versionList = fc.oneof(
	{ weight: 6, arbitrary: fc.subarray(VERSIONS, { minLength: 1 }) },
	{ weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom(...VERSIONS), hostileValue), { maxLength: 4 }) },
	{ weight: 1, arbitrary: hostileValue }
);
const tagChange = mutated(
	fc.record(
		{
			set: fc.dictionary(fc.constantFrom('team', 'owner', 'env'), fc.string({ maxLength: 8 })),
			remove: fc.subarray(['team', 'owner', 'env'])
		},
		{ requiredKeys: [] }
	)
);
const bulkCall = fc.oneof(
	fc.record({
		op: fc.constant('transitionStages' as const),
		args: fc.tuple(
			fc.constantFrom('churn', 'other'),
			versionList,
			fc.oneof(fc.constantFrom(...MODEL_STAGES), hostileValue)
		)
	}),
	fc.record({
		op: fc.constant('tagVersions' as const),
		args: fc.tuple(fc.constantFrom('churn', 'other'), versionList, tagChange)
	}),
	fc.record({
		op: fc.constant('deleteVersions' as const),
		args: fc.tuple(fc.oneof(fc.constant('churn'), hostileValue), versionList)
	})
);

describe.each([
	['InMemoryModelStore', 300],
	['DexieModelStore', 40]
] as const)('bulk actions on %s, given hostile input', (storeName, numRuns) => {
	const makeStore = STORES.find(([name]) => name === storeName)![1];

	it('answer with a result or a RegistryError, and a refused call changes nothing', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(bulkCall, { minLength: 1, maxLength: 3 }), async (calls) => {
				const registry = new ModelRegistry(makeStore());
				try {
					for (const version of VERSIONS.slice(0, 4)) {
						await registry.register({
							name: 'churn',
							version,
							tags: { team: 'a' },
							artifact: new Uint8Array([version.length, 1])
						});
					}
					await registry.transitionStage('churn', '2.0.0', 'production');
					await registry.setAlias('churn', 'champion', '2.0.0');
					for (const { op, args } of calls) {
						const before = await observe(registry);
						const method = registry[op] as (...a: unknown[]) => Promise<unknown>;
						try {
							await method.apply(registry, args);
						} catch (error) {
							if (!(error instanceof RegistryError)) throw error;
							expect(ERROR_CODES).toContain(error.code);
							expect(await observe(registry)).toEqual(before);
							continue;
						}
						expect((await registry.verify()).problems).toEqual([]);
					}
				} finally {
					await registry.close();
				}
			}),
			{ numRuns, seed: FUZZ_SEED }
		);
	}, 120_000);
});
