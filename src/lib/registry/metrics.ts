/**
 * Metrics across versions, as data: which metrics exist, which direction is better, series in
 * SemVer order, comparisons with deltas, leaderboards. Pure, so the charts only draw.
 */
import { defaultDirection, directionOf, type MetricDirection } from './direction';
import { STANDARD_METRICS, type ModelStage, type ModelVersion } from './types';

export * from './direction';

/** Smaller is better: the model's choice where given, else the name's default (`registry/direction.ts`). */
export function isLowerBetter(
	metric: string,
	overrides?: Readonly<Record<string, MetricDirection>>
): boolean {
	return directionOf(metric, overrides) === 'lower';
}

/** A record's own value: a name every object inherits (`toString`) is not a metric, tag, parameter or alias. */
export const own = <T>(record: Record<string, T>, key: string): T | undefined =>
	Object.hasOwn(record, key) ? record[key] : undefined;

export function metricOf(version: ModelVersion, metric: string): number | undefined {
	return (STANDARD_METRICS as readonly string[]).includes(metric)
		? (version.metrics as unknown as Record<string, number | undefined>)[metric]
		: own(version.metrics.custom, metric);
}

/** A version's metrics as `[name, value]` pairs, each as `metricOf` reads it: what the metric indexes hold. */
export function metricEntries(version: ModelVersion): Array<[string, number]> {
	const entries: Array<[string, number]> = [];
	for (const metric of STANDARD_METRICS) {
		const value = version.metrics[metric];
		if (value !== undefined) entries.push([metric, value]);
	}
	for (const [name, value] of Object.entries(version.metrics.custom)) {
		if (!(STANDARD_METRICS as readonly string[]).includes(name)) entries.push([name, value]);
	}
	return entries;
}

/** Metric names as they are listed: standard ones in their usual order, then custom ones by name. */
export function orderMetricNames(names: Iterable<string>): string[] {
	const present = new Set(names);
	const standard = STANDARD_METRICS.filter((m) => present.has(m));
	for (const metric of standard) present.delete(metric);
	return [...standard, ...[...present].sort()];
}

/** Every metric any of the versions has, in `orderMetricNames` order. */
export function metricNames(versions: ModelVersion[]): string[] {
	return orderMetricNames(versions.flatMap((version) => metricEntries(version).map(([name]) => name)));
}

/** One model's metrics across all its versions, in SemVer order: compact columns, cheap to send. */
export interface MetricSeries {
	model: string;
	versions: string[];
	stages: ModelStage[];
	productionVersion?: string;
	/** metric → value per version (null where a version lacks it). */
	metrics: Record<string, Array<number | null>>;
	/** metric → which way is better for this model (its own choice, else the name's default). */
	directions?: Record<string, MetricDirection>;
	/**
	 * Present when the series holds only the versions a chart draws of a big model (its series
	 * buckets, `series-summary.ts`): how many versions it has, and where each one listed sits in
	 * SemVer order. Without it, the series has every version and the i-th sits at i.
	 */
	summary?: { versionCount: number; positions: number[] };
}

/** Which way is better for each metric: the model's own choice, else the name's default. */
export function seriesDirections(
	names: readonly string[],
	overrides?: Readonly<Record<string, MetricDirection>>
): Record<string, MetricDirection> {
	return Object.fromEntries(names.map((name) => [name, directionOf(name, overrides)]));
}

export function toMetricSeries(
	model: string,
	versionsInOrder: ModelVersion[],
	overrides?: Readonly<Record<string, MetricDirection>>
): MetricSeries {
	const names = metricNames(versionsInOrder);
	return {
		model,
		directions: seriesDirections(names, overrides),
		versions: versionsInOrder.map((v) => v.version),
		stages: versionsInOrder.map((v) => v.stage),
		productionVersion: versionsInOrder.find((v) => v.stage === 'production')?.version,
		metrics: Object.fromEntries(
			names.map((name) => [name, versionsInOrder.map((v) => metricOf(v, name) ?? null)])
		)
	};
}

export interface ChartPoint {
	/** Position in the model's SemVer order (the x value). */
	index: number;
	version: string;
	stage: ModelStage;
	value: number;
}

/** The points of one metric; versions without it are skipped, archived ones on request. */
export function seriesPoints(
	series: MetricSeries,
	metric: string,
	options: { hideArchived?: boolean } = {}
): ChartPoint[] {
	const values = series.metrics[metric] ?? [];
	const points: ChartPoint[] = [];
	values.forEach((value, index) => {
		const stage = series.stages[index] as ModelStage;
		if (value === null || (options.hideArchived && stage === 'archived')) return;
		const position = series.summary ? (series.summary.positions[index] as number) : index;
		points.push({ index: position, version: series.versions[index] as string, stage, value });
	});
	return points;
}

/**
 * At most about `maxPoints` points: consecutive points fall into buckets and each bucket keeps its
 * lowest and highest value (so spikes and dips stay visible) and any production point (so the
 * production version is always on the chart). Small series are returned whole.
 */
export function decimate(points: ChartPoint[], maxPoints: number): ChartPoint[] {
	if (points.length <= maxPoints) return points;
	const buckets = Math.max(1, Math.floor(maxPoints / 2));
	const size = points.length / buckets;
	const kept: ChartPoint[] = [];
	for (let b = 0; b < buckets; b++) {
		const bucket = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
		if (bucket.length === 0) continue;
		let low = bucket[0] as ChartPoint;
		let high = low;
		for (const point of bucket) {
			if (point.value < low.value) low = point;
			if (point.value > high.value) high = point;
		}
		const keep = new Set([low, high, ...bucket.filter((p) => p.stage === 'production')]);
		kept.push(...[...keep].sort((a, b) => a.index - b.index));
	}
	return kept;
}

/** The index of the best value (ties: all of them); none when no version has the metric. */
export function bestIndexes(
	values: Array<number | undefined>,
	metric: string,
	direction: MetricDirection = defaultDirection(metric)
): number[] {
	const present = values.filter((v): v is number => v !== undefined);
	if (present.length === 0) return [];
	const best = direction === 'lower' ? Math.min(...present) : Math.max(...present);
	return values.flatMap((v, i) => (v === best ? [i] : []));
}

export interface Delta {
	absolute: number;
	/** Relative to the first version's value; undefined when that is 0. */
	percent?: number;
}

export function deltaFrom(base: number | undefined, value: number | undefined): Delta | undefined {
	if (base === undefined || value === undefined) return undefined;
	const absolute = value - base;
	return base === 0 ? { absolute } : { absolute, percent: (absolute / Math.abs(base)) * 100 };
}

export type ComparisonSection = 'overview' | 'metrics' | 'parameters' | 'tags';

export interface ComparisonRow {
	section: ComparisonSection;
	key: string;
	/** One per version, as shown; undefined where the version has none. */
	values: Array<string | number | undefined>;
	/** True when not every version has the same value (a missing value differs from any value). */
	differs: boolean;
	/** Metrics only. */
	best?: number[];
	deltas?: Array<Delta | undefined>;
	lowerIsBetter?: boolean;
}

function row(
	section: ComparisonSection,
	key: string,
	values: Array<string | number | undefined>
): ComparisonRow {
	const shown = values.map((v) => (v === undefined ? undefined : String(v)));
	return { section, key, values, differs: shown.some((v) => v !== shown[0]) };
}

const keysOf = (records: Array<Record<string, unknown>>) => [...new Set(records.flatMap(Object.keys))].sort();
const shown = (value: unknown) =>
	value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * Side by side: what each version has, which rows differ, the best metric values, and deltas against
 * the first. `directionFor` says which way each metric is better (default: the name's default).
 */
export function compareVersions(
	versions: ModelVersion[],
	directionFor: (metric: string) => MetricDirection = defaultDirection
): ComparisonRow[] {
	const rows: ComparisonRow[] = [
		row(
			'overview',
			'stage',
			versions.map((v) => v.stage)
		),
		row(
			'overview',
			'framework',
			versions.map((v) => v.framework)
		),
		row(
			'overview',
			'files size',
			versions.map((v) => v.files?.reduce((sum, file) => sum + file.size, 0))
		)
	];
	for (const metric of metricNames(versions)) {
		const values = versions.map((v) => metricOf(v, metric));
		const direction = directionFor(metric);
		rows.push({
			...row('metrics', metric, values),
			best: versions.length > 1 ? bestIndexes(values, metric, direction) : [],
			deltas: values.map((value) => deltaFrom(values[0], value)),
			lowerIsBetter: direction === 'lower'
		});
	}
	for (const key of keysOf(versions.map((v) => v.parameters))) {
		rows.push(
			row(
				'parameters',
				key,
				versions.map((v) => shown(own(v.parameters, key)))
			)
		);
	}
	for (const key of keysOf(versions.map((v) => v.tags))) {
		rows.push(
			row(
				'tags',
				key,
				versions.map((v) => own(v.tags, key))
			)
		);
	}
	return rows;
}

export interface LeaderboardEntry {
	rank: number;
	model: string;
	version: string;
	stage: ModelStage;
	value: number;
}

/**
 * Versions ranked by one metric, best first. With `bestPerModel`, each model appears once, with
 * its best version. Equal values share a rank; ties keep SemVer-descending order of the input.
 */
export function rankLeaderboard(
	versions: ModelVersion[],
	metric: string,
	options: { bestPerModel?: boolean; direction?: MetricDirection } = {}
): LeaderboardEntry[] {
	const sign = (options.direction ?? defaultDirection(metric)) === 'lower' ? 1 : -1;
	let candidates = versions
		.map((v) => ({ model: v.modelName, version: v.version, stage: v.stage, value: metricOf(v, metric) }))
		.filter((e): e is Omit<LeaderboardEntry, 'rank'> => e.value !== undefined)
		.sort((a, b) => sign * (a.value - b.value));
	if (options.bestPerModel) {
		const seen = new Set<string>();
		candidates = candidates.filter((e) => !seen.has(e.model) && seen.add(e.model));
	}
	let rank = 0;
	return candidates.map((entry, i) => {
		if (i === 0 || entry.value !== candidates[i - 1]?.value) rank = i + 1;
		return { rank, ...entry };
	});
}
