/**
 * The series buckets a big model's chart reads (issue 18: the chart of a model of 1,000,000 versions
 * read every version, 22 s). Whatever writes the versions — registrations in any SemVer order, stage
 * changes, deletions, imports, edits — each bucket must stay what summarizing its versions gives, and
 * the chart drawn from the buckets must show the extremes and the production version a chart of every
 * version shows, each at its true position.
 */
import { describe, expect, it } from 'vitest';
import {
	BUCKET_CAPACITY,
	ModelRegistry,
	metricEntries,
	semverKey,
	summarizeBucket,
	type ModelSnapshot,
	type ModelStore,
	type ModelVersion
} from '$lib';
import { FULL_SERIES_MAX } from '$lib/registry/reads';
import { seriesFromBuckets } from '$lib/registry/series-summary';
import { aVersion } from '../builders';
import { STORES } from '../stores';

const AT = '2026-06-01T00:00:00.000Z';

/** A repeatable shuffle, so registrations land at the start, the end and between stored versions. */
function shuffled<T>(items: T[], seed = 7): T[] {
	const out = [...items];
	let state = seed;
	for (let i = out.length - 1; i > 0; i--) {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		const j = state % (i + 1);
		[out[i], out[j]] = [out[j] as T, out[i] as T];
	}
	return out;
}

/** Version i's metrics: few distinct values, so ties are common; some versions lack a metric. */
const metricsOf = (i: number): ModelVersion['metrics'] => ({
	...(i % 7 === 0 ? {} : { accuracy: ((i * 37) % 11) / 10 }),
	custom: i % 5 === 0 ? {} : { loss: ((i * 13) % 17) - 8 }
});

const versionAt = (i: number) => `1.${Math.floor(i / 100)}.${i % 100}`;

function snapshot(model: string, indexes: number[]): ModelSnapshot {
	const versions = indexes.map((i) =>
		aVersion({ modelName: model, version: versionAt(i), metrics: metricsOf(i), createdAt: AT, updatedAt: AT })
	);
	return {
		model: { name: model, description: '', tags: {}, createdAt: AT, updatedAt: AT, aliases: {} },
		versions,
		history: versions.map((v) => ({ at: AT, kind: 'version.registered', version: v.version, after: v }))
	};
}

/** Every bucket is what its versions summarize to; together they cover the model, none over capacity. */
async function expectBucketsMatch(store: ModelStore, model: string) {
	await store.read(async (tx) => {
		const buckets = await tx.seriesBuckets(model);
		const versions = await tx.listVersions(model, { offset: 0, limit: Infinity, order: 'semver-asc' });
		if (versions.length === 0) return expect(buckets).toEqual([]);
		expect(buckets[0]?.from).toBe('');
		buckets.forEach((bucket, i) => {
			const next = buckets[i + 1]?.from;
			const inside = versions.filter((v) => {
				const key = semverKey(v.version);
				return key >= bucket.from && (next === undefined || key < next);
			});
			expect(bucket, `bucket from "${bucket.from}"`).toEqual(summarizeBucket(model, bucket.from, inside));
			expect(bucket.count).toBeLessThanOrEqual(BUCKET_CAPACITY);
			if (i > 0) expect(bucket.count).toBeGreaterThan(0);
		});
	});
}

/** The chart from the buckets against the one from every version: extremes, production, positions. */
async function expectChartMatches(store: ModelStore, model: string) {
	const { buckets, versions, direction } = await store.read(async (tx) => ({
		buckets: await tx.seriesBuckets(model),
		versions: await tx.listVersions(model, { offset: 0, limit: Infinity, order: 'semver-asc' }),
		direction: (await tx.getModel(model))?.metricDirections
	}));
	const summary = seriesFromBuckets(model, buckets, direction);
	expect(summary.summary?.versionCount).toBe(versions.length);
	summary.versions.forEach((version, i) =>
		expect(versions[summary.summary?.positions[i] as number]?.version).toBe(version)
	);
	const production = versions.find((v) => v.stage === 'production')?.version;
	expect(summary.productionVersion).toBe(production);
	for (const live of [false, true]) {
		const shown = versions.filter((v) => !live || v.stage !== 'archived');
		const values = (metric: string, from: ModelVersion[]) =>
			from.flatMap((v) =>
				metricEntries(v)
					.filter(([m]) => m === metric)
					.map(([, value]) => value)
			);
		for (const metric of ['accuracy', 'loss']) {
			const all = values(metric, shown);
			const drawn = summary.versions.flatMap((version, i) =>
				(live && summary.stages[i] === 'archived') || summary.metrics[metric]?.[i] == null
					? []
					: [summary.metrics[metric]?.[i] as number]
			);
			expect(Math.min(...drawn), `lowest ${metric}${live ? ' not archived' : ''}`).toBe(Math.min(...all));
			expect(Math.max(...drawn), `highest ${metric}${live ? ' not archived' : ''}`).toBe(Math.max(...all));
		}
	}
	expect(summary.versions.length).toBeLessThan(versions.length / 4);
}

describe.each(STORES)('series buckets on %s', (_store, makeStore) => {
	it('stay what their versions summarize to through every kind of write', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store);
		const indexes = shuffled([...Array(1_400).keys()]);
		// Half from one import (a new model's buckets come from the rows it writes)...
		await registry.importSnapshots([snapshot('big', indexes.slice(0, 700))], {
			policy: 'skip',
			artifacts: new Map()
		});
		await expectBucketsMatch(store, 'big');
		// ...then registrations one at a time, anywhere in SemVer order, which split full buckets.
		for (const i of indexes.slice(700, 1_000))
			await registry.register({ name: 'big', version: versionAt(i), metrics: metricsOf(i) });
		await expectBucketsMatch(store, 'big');
		expect((await store.read((tx) => tx.seriesBuckets('big'))).length).toBeGreaterThan(2);

		// Stage changes, including the production version's (which archives the one before).
		await registry.transitionStage('big', versionAt(3), 'production');
		await registry.transitionStage('big', versionAt(901), 'production');
		for (const i of [11, 22, 33, 44, 55])
			await registry.transitionStage('big', versionAt(indexes[i] as number), 'archived');
		await registry.transitionStages(
			'big',
			[versionAt(indexes[60] as number), versionAt(indexes[61] as number)],
			'staging'
		);
		await expectBucketsMatch(store, 'big');

		// Deletions: of a kept point, of a bucket's last version, of any other; an edit that changes no metric.
		const buckets = await store.read((tx) => tx.seriesBuckets('big'));
		const keptVersion = buckets[1]?.points[0]?.version as string;
		const lastOfFirst = (await registry.listVersions('big', { limit: 1000, order: 'semver-asc' })).items[
			(buckets[0]?.count as number) - 1
		]?.version as string;
		for (const version of new Set([keptVersion, lastOfFirst, versionAt(indexes[100] as number)]))
			await registry.deleteVersion('big', version);
		await registry.updateVersion('big', versionAt(indexes[200] as number), { tags: { note: 'kept' } });
		await expectBucketsMatch(store, 'big');

		// An import that replaces some versions (new metrics, new stages) and adds the rest.
		const replacing = snapshot('big', indexes.slice(950, 1_400)).versions.map((v, n) =>
			n % 3 === 0 ? { ...v, stage: 'archived' as const, metrics: { accuracy: 1, custom: { loss: -100 } } } : v
		);
		await registry.importSnapshots([{ ...snapshot('big', []), versions: replacing }], {
			policy: 'replace',
			artifacts: new Map()
		});
		await expectBucketsMatch(store, 'big');
		// A bundle naming most of a model (read whole) that replaces one version alone, a kept point.
		const small = snapshot('small', [...Array(10).keys()]);
		await registry.importSnapshots([small], { policy: 'skip', artifacts: new Map() });
		const kept = (await store.read((tx) => tx.seriesBuckets('small')))[0]?.points[0]?.version;
		const versions = small.versions.map((v) =>
			v.version === kept ? { ...v, metrics: { accuracy: 0.55, custom: { loss: 3 } } } : v
		);
		await registry.importSnapshots([{ ...small, versions }], { policy: 'replace', artifacts: new Map() });
		await expectBucketsMatch(store, 'small');
		await expectChartMatches(store, 'big');
		expect(await registry.verify()).toMatchObject({ problems: [] });

		await registry.deleteModel('big');
		expect(await store.read((tx) => tx.seriesBuckets('big'))).toEqual([]);
		await registry.close();
	});

	it('give a big model its chart from the buckets, the same extremes as every version', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store);
		const count = FULL_SERIES_MAX + 1;
		await registry.importSnapshots([snapshot('huge', [...Array(count).keys()])], {
			policy: 'skip',
			artifacts: new Map()
		});
		await registry.transitionStage('huge', versionAt(1234), 'production');
		const series = await registry.metricSeries('huge');
		expect(series.summary?.versionCount).toBe(count);
		expect(series.productionVersion).toBe(versionAt(1234));
		expect(series.versions.length).toBeLessThan(count / 4);
		await expectChartMatches(store, 'huge');

		// A model at the limit is charted whole, as before.
		await registry.importSnapshots([snapshot('whole', [...Array(FULL_SERIES_MAX).keys()])], {
			policy: 'skip',
			artifacts: new Map()
		});
		const whole = await registry.metricSeries('whole');
		expect(whole.summary).toBeUndefined();
		expect(whole.versions).toHaveLength(FULL_SERIES_MAX);
		await registry.wipe();
		expect(await store.read((tx) => tx.seriesBuckets('huge'))).toEqual([]);
		await registry.close();
	});

	it('are checked by Check registry and rebuilt by repair when they drift from the versions', async () => {
		const store = makeStore();
		const registry = new ModelRegistry(store);
		await registry.importSnapshots([snapshot('m', [...Array(600).keys()])], {
			policy: 'skip',
			artifacts: new Map()
		});
		// Damage as a bug or an interrupted tool could leave it: one bucket with a wrong count.
		await store.write(async (tx) => {
			const [first] = await tx.seriesBuckets('m');
			await tx.putSeriesBuckets([{ ...first!, count: first!.count + 1 }]);
		});
		expect((await registry.verify()).problems).toEqual([
			expect.objectContaining({ kind: 'chart-summary-stale', model: 'm', repairable: true })
		]);
		expect(await registry.repair()).toContain("Rebuilt m's chart summary from its versions.");
		expect(await registry.verify()).toMatchObject({ problems: [] });
		await expectBucketsMatch(store, 'm');
		await registry.close();
	});
});
