/**
 * Search answers from indexes (issue 18). Whatever the registry holds and whatever the filter, it
 * must give exactly what filtering and sorting every version gives (`searchIn`): the same page, in
 * the same order, with the same total — on both stores, whichever way the criteria are answered
 * (each selective, some, or none: the cap below decides), and counting only as far as asked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	INDEXED_FIELD_CHARS,
	MODEL_FRAMEWORKS,
	MODEL_STAGES,
	ModelRegistry,
	type ModelVersion,
	type SearchFilter,
	type StoreTx,
	type VersionWalk
} from '$lib';
import { searchByIndexes } from '$lib/registry/indexed-search';
import { SEARCH_ORDERS } from '$lib/registry/order';
import { searchIn } from '$lib/registry/search';
import { FUZZ_SEED } from '../seed';
import { STORES } from '../stores';

const MODELS = ['alpha', 'Beta-2', 'gamma', 'delta'];
// `aba` and `bab` side by side hold every trigram of `abab` without holding it.
const WORDS = ['Alpha', 'eta', 'team', 'a', 'ÜBER', 'be', '1.2', 'aba', 'bab'];
const word = fc.constantFrom(...WORDS);

const registration = fc.record({
	model: fc.constantFrom(...MODELS),
	version: fc.tuple(fc.nat(2), fc.nat(3)).map(([minor, patch]) => `1.${minor}.${patch}`),
	framework: fc.constantFrom(...MODEL_FRAMEWORKS),
	stage: fc.constantFrom(...MODEL_STAGES),
	accuracy: fc.option(fc.constantFrom(0, 0.5, 1), { nil: undefined }),
	tags: fc.dictionary(fc.constantFrom('team', 'Env'), word, { maxKeys: 2 }),
	// Sometimes after more text than the tokens cover, where only the row holds the words.
	description: fc
		.tuple(fc.boolean(), fc.array(word, { maxLength: 3 }))
		.map(([long, words]) => (long ? 'z'.repeat(INDEXED_FIELD_CHARS) + ' ' : '') + words.join(' '))
});

const CRITERIA: readonly string[] = ['text', 'model', 'stages', 'frameworks', 'tags', 'metrics'];

const filter: fc.Arbitrary<SearchFilter> = fc
	.record(
		{
			text: fc.oneof(word, fc.constantFrom('AL', 'ta', 'zzz', ' team ', '1', 'eta 1', 'ha-b', 'abab', 'elt')),
			model: fc.constantFrom(...MODELS),
			stages: fc.uniqueArray(fc.constantFrom(...MODEL_STAGES), { maxLength: 2 }),
			frameworks: fc.uniqueArray(fc.constantFrom(...MODEL_FRAMEWORKS), { maxLength: 2 }),
			tags: fc.dictionary(fc.constantFrom('team', 'Env'), fc.oneof(word, fc.constant('*')), { maxKeys: 1 }),
			metrics: fc.constantFrom({ accuracy: { min: 0.5 } }, { accuracy: { max: 0.5 } }, { accuracy: {} }),
			order: fc.constantFrom(...SEARCH_ORDERS),
			offset: fc.constantFrom(0, 1, 3),
			limit: fc.constantFrom(1, 2, 50),
			countUpTo: fc.constantFrom(0, 2, 5)
		},
		{ requiredKeys: [] }
	)
	.map((f) => (f.order?.startsWith('metric') ? { ...f, metric: 'accuracy' } : f))
	// Often one criterion alone (fast-check seldom leaves out most keys), which an index may count.
	.chain((f) =>
		fc
			.option(fc.constantFrom(...CRITERIA), { nil: undefined })
			.map((only) =>
				only === undefined
					? f
					: Object.fromEntries(Object.entries(f).filter(([key]) => !CRITERIA.includes(key) || key === only))
			)
	);

/** `tx`, noting the name of each version its walks visit in `visited`, with some reads replaced. */
const watched = (tx: StoreTx, visited: string[], replaced: Partial<StoreTx>): StoreTx =>
	Object.assign(Object.create(tx) as StoreTx, {
		walkVersions: (walk: VersionWalk, visit: (v: ModelVersion) => boolean) =>
			tx.walkVersions(walk, (v) => visited.push(v.fullName) > 0 && visit(v)),
		...replaced
	});

describe.each(STORES)('search from indexes on %s', (_store, makeStore) => {
	it('gives the page, order and total that filtering every version gives, counting as far as asked', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(registration, { maxLength: 25 }),
				fc.array(filter, { minLength: 1, maxLength: 8 }),
				async (registrations, filters) => {
					const store = makeStore();
					const registry = new ModelRegistry(store);
					for (const r of registrations) {
						await registry
							.register({
								name: r.model,
								version: r.version,
								framework: r.framework,
								tags: r.tags,
								description: r.description,
								metrics: r.accuracy === undefined ? {} : { accuracy: r.accuracy }
							})
							.catch((e: { code?: string }) =>
								e.code === 'DUPLICATE_VERSION' ? undefined : Promise.reject(e)
							);
						if (r.stage !== 'development' && r.stage !== 'production')
							await registry.transitionStage(r.model, r.version, r.stage).catch(() => undefined);
					}
					const all = await registry.allVersions();
					for (const wanted of filters) {
						const { offset = 0, limit = 50, countUpTo, ...criteria } = wanted;
						const expected = searchIn(all, criteria, { offset, limit });
						// Caps from "nothing is selective" to "everything is"; counting a walk from a few rows on.
						for (const [select, countRows] of [
							[0, 3],
							[1, 1_000],
							[4, 6],
							[1_000, 1_000]
						] as const) {
							const limits = { select, countRows };
							const label = JSON.stringify({ wanted, limits });
							const exact = await store.read((tx) =>
								searchByIndexes(tx, criteria, { offset, limit }, limits)
							);
							expect(exact, label).toEqual(expected);
							const counted = await store.read((tx) =>
								searchByIndexes(tx, criteria, { offset, limit, countUpTo }, limits)
							);
							expect(counted.items, label).toEqual(expected.items);
							if (counted.totalCapped) {
								// At least the page and one more were found, no further than the bound asked.
								expect(counted.total, label).toBeGreaterThan(offset + limit);
								expect(counted.total, label).toBeLessThanOrEqual(Math.max(countUpTo!, offset + limit) + 1);
								expect(expected.total, label).toBeGreaterThanOrEqual(counted.total);
							} else expect(counted.total, label).toBe(expected.total);
						}
					}
					await registry.close();
				}
			),
			{ numRuns: 40, seed: FUZZ_SEED }
		);
	});

	it('counts exactly when an index listed every match, and says when it stopped counting otherwise', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store);
		for (let i = 0; i < 12; i++)
			await registry.register({ name: 'm', version: `1.${i}.0`, tags: { team: 'Growth' } });
		const listed = await registry.search({ text: 'grow', limit: 5, countUpTo: 7 });
		expect(listed).toMatchObject({ total: 12, offset: 0, limit: 5 });
		expect(listed).not.toHaveProperty('totalCapped');
		// With no index selective enough (cap 0), the versions are walked and counted only so far.
		const walked = await store.read((tx) =>
			searchByIndexes(
				tx,
				{ text: 'grow' },
				{ offset: 0, limit: 5, countUpTo: 7 },
				{ select: 0, countRows: 1_000 }
			)
		);
		expect(walked).toMatchObject({ total: 8, totalCapped: true });
		expect(walked.items.map((v) => v.version)).toEqual(listed.items.map((v) => v.version));

		// Later changes are found through the indexes, with nothing in memory to patch.
		await registry.updateVersion('m', '1.3.0', { tags: { team: 'risk' } });
		await registry.deleteVersion('m', '1.0.0');
		const now = await registry.search({ text: 'grow', limit: 3 });
		expect([now.total, now.items.map((v) => v.version)]).toEqual([10, ['1.1.0', '1.2.0', '1.4.0']]);
		await registry.close();
	});

	it('counts a broad one-criterion search in its index, walking only to its page', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store);
		for (let i = 0; i < 12; i++)
			await registry.register({ name: 'm', version: `1.${i}.0`, framework: 'onnx' });
		await registry.transitionStage('m', '1.5.0', 'staging');
		// No index is selective (cap 0), and counting every match is asked for: the index counts them.
		const answer = (filter: SearchFilter) =>
			store.read((tx) =>
				searchByIndexes(tx, filter, { offset: 2, limit: 3 }, { select: 0, countRows: 1_000 })
			);
		const development = await answer({ stages: ['development', 'development'] });
		expect([development.total, development.items.map((v) => v.version)]).toEqual([
			11,
			['1.2.0', '1.3.0', '1.4.0']
		]);
		expect((await answer({ stages: ['staging', 'development'] })).total).toBe(12);
		expect((await answer({ frameworks: ['onnx'], order: 'model-desc' })).items.map((v) => v.version)).toEqual(
			['1.9.0', '1.8.0', '1.7.0']
		);
		await registry.close();
	});

	it("counts a search of a model and stages from the models' summaries, walking only to its page", async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store);
		for (const name of ['m', 'n'])
			for (let i = 0; i < 12; i++) await registry.register({ name, version: `1.${i}.0` });
		for (const version of ['1.3.0', '1.7.0']) await registry.transitionStage('m', version, 'staging');
		await registry.transitionStage('n', '1.0.0', 'staging');
		const visited: string[] = [];
		const answer = (filter: SearchFilter) =>
			store.read((tx) =>
				searchByIndexes(
					watched(tx, visited, {
						countVersionKeys: () => Promise.reject(new Error('counted through an index'))
					}),
					filter,
					{ offset: 2, limit: 2 },
					{ select: 0, countRows: 1_000 }
				)
			);
		const both = await answer({ model: 'm', stages: ['staging', 'development', 'staging'] });
		expect([both.total, both.items.map((v) => v.version)]).toEqual([12, ['1.2.0', '1.3.0']]);
		expect(visited).toHaveLength(4);
		visited.length = 0;
		const staging = await answer({ stages: ['staging'] });
		expect([staging.total, staging.items.map((v) => v.fullName)]).toEqual([3, ['n:1.0.0']]);
		expect(visited).toHaveLength(3);
		expect((await answer({})).total).toBe(24);
		await registry.close();
	});

	it("counts a text that names models and no version's text from their summaries, walking only to its page", async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store);
		for (const name of ['lens-a', 'lens-b', 'beta'])
			for (let i = 0; i < 12; i++) await registry.register({ name, version: `1.${i}.0` });
		await registry.transitionStage('lens-b', '1.4.0', 'staging');
		await registry.updateVersion('beta', '1.0.0', { tags: { team: 'tens' } });
		const visited: string[] = [];
		const asked: string[] = [];
		const answer = (filter: SearchFilter) =>
			store.read((tx) =>
				searchByIndexes(
					watched(tx, visited, {
						selectVersionKeys: (selector, cap) => {
							asked.push(JSON.stringify(selector));
							return tx.selectVersionKeys(selector, cap);
						}
					}),
					filter,
					{ offset: 2, limit: 2, countUpTo: 3 },
					{ select: 4, countRows: 1_000 }
				)
			);
		// Two models of 12 versions each are more than the cap: their versions are not asked for.
		const named = await answer({ text: 'LENS' });
		expect(named).toEqual({ items: expect.any(Array), total: 24 });
		expect(named.items.map((v) => v.fullName)).toEqual(['lens-a:1.2.0', 'lens-a:1.3.0']);
		expect(visited).toHaveLength(4);
		expect(asked.filter((selector) => selector.includes('model'))).toEqual([]);
		visited.length = 0;
		const staged = await answer({ text: 'ns-b', stages: ['staging'] });
		expect([staged.total, staged.items]).toEqual([1, []]);
		// A version's own text holds "ens" too: counted only as far as asked, row by row.
		const held = await answer({ text: 'ens' });
		expect(held).toMatchObject({ total: 5, totalCapped: true });
		await registry.close();
	});

	it('checks a long needle on each row holding its trigrams, and walks named models in either order', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store);
		for (const [name, description] of [
			['alpha', 'aba bab'],
			['Beta-2', 'xabab'],
			['delta', ''],
			['gamma', '']
		] as const)
			for (const version of ['1.0.0', '2.0.0']) await registry.register({ name, version, description });
		const all = await registry.allVersions();
		const same = async (filter: SearchFilter, select: number) =>
			expect(
				await store.read((tx) =>
					searchByIndexes(tx, filter, { offset: 0, limit: 50 }, { select, countRows: 1_000 })
				),
				JSON.stringify({ filter, select })
			).toEqual(searchIn(all, filter, { offset: 0, limit: 50 }));
		for (const cap of [0, 1, 1_000]) {
			await same({ text: 'abab' }, cap);
			// `ta` names Beta-2 and delta, and no version's own text holds it.
			for (const order of ['model-asc', 'model-desc', 'version-desc'] as const)
				await same({ text: 'ta', order }, cap);
		}
		expect((await registry.search({ text: 'ABAB' })).items.map((v) => v.fullName)).toEqual([
			'Beta-2:1.0.0',
			'Beta-2:2.0.0'
		]);
		await registry.close();
	});

	it('refuses a count bound that is not a whole number', async () => {
		const registry = new ModelRegistry(makeStore());
		for (const countUpTo of [-1, 1.5, NaN, '10' as unknown as number])
			await expect(registry.search({ countUpTo })).rejects.toMatchObject({
				code: 'INVALID_INPUT',
				details: { field: 'countUpTo' }
			});
		await registry.close();
	});
});
