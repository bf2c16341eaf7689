/**
 * A model's metric series, summarized in buckets of consecutive versions (SemVer order), so the
 * chart of a model with 1,000,000 versions reads a few thousand small rows instead of every version.
 * Each bucket keeps, per metric, the first version with the lowest and with the highest value —
 * over all its versions and over those not archived — and the production version: exactly what
 * the chart's min-max decimation (`decimate`) draws, so a chart from buckets shows the same
 * extremes as one from every version. Pure: the stores keep the rows, `series-upkeep.ts` keeps
 * them current, and `seriesFromBuckets` turns them into the chart's series.
 */
import {
	metricEntries,
	orderMetricNames,
	seriesDirections,
	type MetricDirection,
	type MetricSeries
} from './metrics';
import { semverKey } from './semver';
import type { ModelStage, ModelVersion } from './types';

/** A bucket splits in two when it holds more versions than this. */
export const BUCKET_CAPACITY = 512;

/** A version a bucket keeps for the chart. */
export interface SeriesPoint {
	version: string;
	/** Its `semverKey`, which orders points and finds their bucket. */
	key: string;
	/** Its position among the bucket's versions in SemVer order. */
	offset: number;
	stage: ModelStage;
	/** Every metric the version has, by name (as `metricEntries` reads them). */
	values: Record<string, number>;
}

/**
 * The versions of `model` whose `semverKey` is at least `from` and below the next bucket's `from`.
 * A model's first bucket starts at `''`, so every version has a bucket; a model without versions
 * has no buckets.
 */
export interface SeriesBucket {
	model: string;
	from: string;
	/** The highest `semverKey` in the bucket (`''` when it is empty). */
	last: string;
	count: number;
	/** In SemVer order. */
	points: SeriesPoint[];
}

export function pointOf(
	version: ModelVersion,
	offset: number,
	key = semverKey(version.version)
): SeriesPoint {
	return {
		version: version.version,
		key,
		offset,
		stage: version.stage,
		values: Object.fromEntries(metricEntries(version))
	};
}

/**
 * The candidates a bucket keeps, in SemVer order: per metric the first lowest and first highest
 * value over all candidates and over those not archived, and any production version. Kept points
 * are always among the candidates, so the same answer comes from every version of a bucket or
 * from its kept points plus a new one: this is what lets a registration update a bucket alone.
 */
export function keptPoints(candidates: readonly SeriesPoint[]): SeriesPoint[] {
	const ordered = [...candidates].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const kept = new Set<SeriesPoint>();
	const extremes = new Map<string, SeriesPoint[]>();
	const consider = (slot: string, point: SeriesPoint, better: (held: SeriesPoint) => boolean) => {
		const held = extremes.get(slot)?.[0];
		if (!held || better(held)) extremes.set(slot, [point]);
	};
	for (const point of ordered) {
		if (point.stage === 'production') kept.add(point);
		for (const [metric, value] of Object.entries(point.values)) {
			const scopes = point.stage === 'archived' ? ['all'] : ['all', 'live'];
			for (const scope of scopes) {
				consider(
					`${scope}\u0000low\u0000${metric}`,
					point,
					(held) => value < (held.values[metric] as number)
				);
				consider(
					`${scope}\u0000high\u0000${metric}`,
					point,
					(held) => value > (held.values[metric] as number)
				);
			}
		}
	}
	for (const [point] of extremes.values()) kept.add(point as SeriesPoint);
	return ordered.filter((point) => kept.has(point));
}

/** One bucket of `versions` (in SemVer order, all of them in `[from, next bucket)`). */
export function summarizeBucket(
	model: string,
	from: string,
	versions: readonly ModelVersion[]
): SeriesBucket {
	const candidates = versions.map((version, offset) => pointOf(version, offset));
	return {
		model,
		from,
		last: candidates.at(-1)?.key ?? '',
		count: versions.length,
		points: keptPoints(candidates)
	};
}

/**
 * The buckets of a run of versions that starts at `from` (in SemVer order): one, or when there are
 * more than `BUCKET_CAPACITY`, as many half-full ones as it takes, so the next registrations have room.
 */
export function summarizeRun(
	model: string,
	from: string,
	versions: readonly ModelVersion[],
	capacity = BUCKET_CAPACITY
): SeriesBucket[] {
	if (versions.length <= capacity) return [summarizeBucket(model, from, versions)];
	const size = Math.ceil(capacity / 2);
	const buckets: SeriesBucket[] = [];
	for (let start = 0; start < versions.length; start += size) {
		const chunk = versions.slice(start, start + size);
		buckets.push(
			summarizeBucket(model, start === 0 ? from : semverKey((chunk[0] as ModelVersion).version), chunk)
		);
	}
	return buckets;
}

/**
 * The chart's series of a model from its buckets (in `from` order): the versions they keep, each at
 * its position in the model's SemVer order.
 */
export function seriesFromBuckets(
	model: string,
	buckets: readonly SeriesBucket[],
	overrides?: Readonly<Record<string, MetricDirection>>
): MetricSeries {
	const points: SeriesPoint[] = [];
	const positions: number[] = [];
	let start = 0;
	for (const bucket of buckets) {
		for (const point of bucket.points) {
			points.push(point);
			positions.push(start + point.offset);
		}
		start += bucket.count;
	}
	const names = orderMetricNames(points.flatMap((point) => Object.keys(point.values)));
	return {
		model,
		directions: seriesDirections(names, overrides),
		versions: points.map((point) => point.version),
		stages: points.map((point) => point.stage),
		productionVersion: points.find((point) => point.stage === 'production')?.version,
		metrics: Object.fromEntries(
			names.map((name) => [name, points.map((point) => point.values[name] ?? null)])
		),
		summary: { versionCount: start, positions }
	};
}

/** Whether a model's stored buckets are what its versions (in SemVer order) summarize to. */
export function bucketsMatch(
	model: string,
	versions: readonly ModelVersion[],
	buckets: readonly SeriesBucket[],
	capacity = BUCKET_CAPACITY
): boolean {
	if (versions.length === 0) return buckets.length === 0;
	if (buckets[0]?.from !== '') return false;
	const keys = versions.map((version) => semverKey(version.version));
	let start = 0;
	return buckets.every((bucket, i) => {
		const next = buckets[i + 1]?.from;
		let end = start;
		while (end < keys.length && (next === undefined || (keys[end] as string) < next)) end++;
		const expected = summarizeBucket(model, bucket.from, versions.slice(start, end));
		start = end;
		return (
			bucket.count <= capacity &&
			(i === 0 || bucket.count > 0) &&
			JSON.stringify(sorted(bucket)) === JSON.stringify(sorted(expected))
		);
	});
}

/** A bucket with its points' values in name order, so two equal buckets serialize alike. */
const sorted = (bucket: SeriesBucket) => ({
	...bucket,
	points: bucket.points.map((point) => ({
		...point,
		values: Object.fromEntries(Object.entries(point.values).sort())
	}))
});
