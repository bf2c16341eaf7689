/**
 * Leaderboards and metric names come from indexes over the versions' metric values (issue 18). Whatever
 * the registry holds, they must rank exactly as ranking every version would: the same entries, ranks,
 * ties and directions, for one model or across models, best per model or not, at any limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	compareSemver,
	directionOf,
	majorityDirection,
	metricNames,
	metricOf,
	ModelRegistry,
	rankLeaderboard,
	semverKey,
	type ModelVersion,
	type RegistryEvent
} from '$lib';
import { FUZZ_SEED } from '../seed';
import { STORES } from '../stores';

const MODELS = ['a', 'b', 'c'];
const METRICS = ['accuracy', 'mse', 'latency_ms'];
// Few distinct values, so that ties are common and fall across every limit. Standard metrics lie in
// [0, 1]; a custom one may be anything.
const value = fc.constantFrom(0, 0.25, 0.5, 0.75, 1);
const anyValue = fc.constantFrom(0, 0.5, 1, -2, 1e6);

const registration = fc.record({
	model: fc.constantFrom(...MODELS),
	version: fc.tuple(fc.nat(3), fc.nat(3)).map(([minor, patch]) => `1.${minor}.${patch}`),
	accuracy: fc.option(value, { nil: undefined }),
	mse: fc.option(value, { nil: undefined }),
	latency: fc.option(anyValue, { nil: undefined })
});
const directionChoice = fc.record({
	model: fc.constantFrom(...MODELS),
	metric: fc.constantFrom(...METRICS),
	direction: fc.constantFrom('higher' as const, 'lower' as const)
});
const shape = fc.record({
	registrations: fc.array(registration, { minLength: 1, maxLength: 30 }),
	directions: fc.array(directionChoice, { maxLength: 3 }),
	deletions: fc.array(fc.nat(29), { maxLength: 5 })
});

/** What ranking every version gives: the order the registry has always ranked ties in. */
async function expected(
	registry: ModelRegistry,
	metric: string,
	query: { model?: string; bestPerModel?: boolean; limit: number }
) {
	const all = await registry.allVersions();
	const bySemver = (a: ModelVersion, b: ModelVersion) =>
		a.modelName === b.modelName
			? semverKey(a.version) < semverKey(b.version)
				? -1
				: 1
			: a.modelName < b.modelName
				? -1
				: 1;
	const candidates =
		query.model === undefined
			? all.filter((v) => metricOf(v, metric) !== undefined).sort(bySemver)
			: all
					.filter((v) => v.modelName === query.model && metricOf(v, metric) !== undefined)
					.sort(bySemver)
					.reverse();
	const models = await Promise.all(MODELS.map((name) => registry.getModel(name).catch(() => undefined)));
	const direction =
		query.model === undefined
			? majorityDirection(
					metric,
					models.filter((m) => m && candidates.some((v) => v.modelName === m.name))
				)
			: directionOf(metric, models[MODELS.indexOf(query.model)]?.metricDirections);
	return {
		direction,
		entries: rankLeaderboard(candidates, metric, { bestPerModel: query.bestPerModel, direction }).slice(
			0,
			query.limit
		)
	};
}

describe.each(STORES)('leaderboards from the metric indexes on %s', (_store, makeStore) => {
	it('rank as ranking every version does, after registrations, direction choices and deletions', async () => {
		await fc.assert(
			fc.asyncProperty(shape, async ({ registrations, directions, deletions }) => {
				const registry = new ModelRegistry(makeStore());
				for (const r of registrations) {
					await registry
						.register({
							name: r.model,
							version: r.version,
							metrics: {
								...(r.accuracy !== undefined && { accuracy: r.accuracy }),
								...(r.mse !== undefined && { mse: r.mse }),
								custom: r.latency === undefined ? {} : { latency_ms: r.latency }
							}
						})
						.catch((e: { code?: string }) =>
							e.code === 'DUPLICATE_VERSION' ? undefined : Promise.reject(e)
						);
				}
				for (const d of directions) {
					await registry
						.setMetricDirection(d.model, d.metric, d.direction)
						.catch((e: { code?: string }) => (e.code === 'NOT_FOUND' ? undefined : Promise.reject(e)));
				}
				for (const i of deletions) {
					const r = registrations[i % registrations.length]!;
					await registry
						.deleteVersion(r.model, r.version)
						.catch((e: { code?: string }) => (e.code === 'NOT_FOUND' ? undefined : Promise.reject(e)));
				}

				expect(await registry.knownMetrics()).toEqual(metricNames(await registry.allVersions()));
				for (const metric of METRICS) {
					for (const model of [undefined, ...MODELS]) {
						for (const bestPerModel of [false, true]) {
							for (const limit of [1, 2, 3, 5, 100]) {
								const query = { model, bestPerModel, limit };
								const want = await expected(registry, metric, query);
								expect(await registry.leaderboard(metric, query), JSON.stringify(query)).toEqual(
									want.entries
								);
								expect(await registry.leaderboardDirection(metric, model)).toBe(want.direction);
							}
						}
					}
				}
				await registry.close();
			}),
			{ numRuns: 25, seed: FUZZ_SEED }
		);
	});

	it('page a model by a metric as sorting all its versions does: ties newest first, versions without it last', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.option(value, { nil: undefined }), { minLength: 1, maxLength: 40 }),
				async (accuracies) => {
					const registry = new ModelRegistry(makeStore());
					for (const [i, accuracy] of accuracies.entries()) {
						await registry.register({
							name: 'm',
							version: `${i % 3}.${i}.0`,
							metrics: accuracy === undefined ? {} : { accuracy }
						});
					}
					const all = await registry.allVersions();
					for (const order of ['metric-desc', 'metric-asc'] as const) {
						const sign = order === 'metric-desc' ? -1 : 1;
						const expected = [...all]
							.sort((a, b) => {
								const [x, y] = [metricOf(a, 'accuracy'), metricOf(b, 'accuracy')];
								if (x !== y) return x === undefined ? 1 : y === undefined ? -1 : sign * (x - y);
								return compareSemver(b.version, a.version);
							})
							.map((v) => v.version);
						for (const [offset, limit] of [
							[0, 1],
							[0, 5],
							[3, 4],
							[10, 10],
							[0, 100]
						] as const) {
							const page = await registry.listVersions('m', { order, metric: 'accuracy', offset, limit });
							expect(
								page.items.map((v) => v.version),
								`${order} from ${offset}, ${limit}`
							).toEqual(expected.slice(offset, offset + limit));
						}
					}
					await registry.close();
				}
			),
			{ numRuns: 25, seed: FUZZ_SEED }
		);
	});

	it('follow stage changes, imports that replace a version, and a wipe', async () => {
		const registry = new ModelRegistry(makeStore());
		await registry.register({
			name: 'm',
			version: '1.0.0',
			metrics: { accuracy: 0.8, custom: { wer: 0.3 } }
		});
		await registry.register({ name: 'm', version: '2.0.0', metrics: { accuracy: 0.9 } });
		await registry.transitionStage('m', '2.0.0', 'production');
		expect(await registry.leaderboard('accuracy')).toMatchObject([
			{ rank: 1, version: '2.0.0', stage: 'production', value: 0.9 },
			{ rank: 2, version: '1.0.0', stage: 'development', value: 0.8 }
		]);

		// A bundle's 1.0.0 replaces ours: its metrics now rank, and wer is gone with the old record.
		const [snapshot] = (await registry.snapshot()).snapshots;
		const replaced = snapshot!.versions.map((v) =>
			v.version === '1.0.0' ? { ...v, metrics: { accuracy: 0.95, custom: { f2: 0.5 } } } : v
		);
		await registry.importSnapshots([{ ...snapshot!, versions: replaced, history: [] as RegistryEvent[] }], {
			policy: 'replace',
			artifacts: new Map()
		});
		expect((await registry.leaderboard('accuracy')).map((e) => [e.version, e.value])).toEqual([
			['1.0.0', 0.95],
			['2.0.0', 0.9]
		]);
		expect(await registry.knownMetrics()).toEqual(['accuracy', 'f2']);

		await registry.wipe();
		expect(await registry.knownMetrics()).toEqual([]);
		expect(await registry.leaderboard('accuracy')).toEqual([]);
		await registry.close();
	});
});
