/** The metric trend chart's data: which points, on which axis, in which colour. Pure. */
import {
	decimate,
	isLowerBetter,
	metricLabel,
	seriesPoints,
	type ChartPoint,
	type MetricDirection,
	type MetricSeries,
	type ModelStage
} from '../../registry';
import { formatNumber } from '../format';
import { fitRange, type AxisRange } from './axis-range';
import type { ChartPalette } from './theme.svelte';

/** Beyond this many points per metric the chart shows a min-max decimation (docs/architecture.md). */
export const MAX_POINTS_PER_METRIC = 2000;

export interface TrendDataset {
	metric: string;
	label: string;
	axis: string;
	color: string;
	points: ChartPoint[];
	/** Points in the series before decimation. */
	total: number;
}

/** Metrics whose values all lie in [0, 1] share one axis; any other metric gets an axis of its own. */
export function axisOf(series: MetricSeries, metric: string): string {
	const values = (series.metrics[metric] ?? []).filter((v): v is number => v !== null);
	return values.every((v) => v >= 0 && v <= 1) ? 'y' : `y-${metric}`;
}

/**
 * Each stage's point has a shape of its own as well as a colour, so the stages can be told apart
 * without seeing colour; the production version is the large diamond.
 */
export const STAGE_POINT_STYLES = {
	development: 'circle',
	staging: 'triangle',
	production: 'rectRot',
	archived: 'rect'
} as const satisfies Record<ModelStage, string>;

export interface TrendAxis {
	id: string;
	/** The labels of the metrics drawn on it. */
	labels: string[];
	/** Fitted to the points drawn, not 0 to 1: the chart sets it, so it is the range shown. */
	range: AxisRange | undefined;
}

/** One value axis per `axis` id the datasets use, in their order, each fitted to its points. */
export function trendAxes(datasets: readonly TrendDataset[]): TrendAxis[] {
	const ids = [...new Set(datasets.map((d) => d.axis))];
	return ids.map((id) => {
		const on = datasets.filter((d) => d.axis === id);
		return {
			id,
			labels: on.map((d) => metricLabel(d.metric)),
			range: fitRange(on.flatMap((d) => d.points.map((p) => p.value)))
		};
	});
}

/** The axis title on the canvas: what it measures and the range it shows, e.g. "Accuracy: 0.91 – 0.93". */
export function axisTitle(axis: TrendAxis): string {
	const names = axis.labels.join(', ');
	return axis.range ? `${names}: ${formatNumber(axis.range.min)} – ${formatNumber(axis.range.max)}` : names;
}

/** The same in a sentence, for the chart's description. */
export function axisSentence(axis: TrendAxis): string {
	const names = axis.labels.join(', ');
	return axis.range
		? `The ${names} axis runs from ${formatNumber(axis.range.min)} to ${formatNumber(axis.range.max)}.`
		: `The ${names} axis has no values to show.`;
}

/** A metric with its direction: the model's own (`series.directions`) where known, else the name's default. */
export function trendLabel(metric: string, directions?: Readonly<Record<string, MetricDirection>>): string {
	return isLowerBetter(metric, directions)
		? `${metricLabel(metric)} (lower is better ↓)`
		: `${metricLabel(metric)} (higher is better ↑)`;
}

export function trendDatasets(
	series: MetricSeries,
	metrics: string[],
	options: { hideArchived: boolean; palette: Pick<ChartPalette, 'series'> }
): TrendDataset[] {
	return metrics.map((metric, i) => {
		const points = seriesPoints(series, metric, { hideArchived: options.hideArchived });
		return {
			metric,
			label: trendLabel(metric, series.directions),
			axis: axisOf(series, metric),
			color: options.palette.series[i % options.palette.series.length] as string,
			points: decimate(points, MAX_POINTS_PER_METRIC),
			total: points.length
		};
	});
}

/** The version and stage at each x the chart draws (a position in the model's SemVer order). */
export function versionsByPosition(
	series: MetricSeries
): Map<number, { version: string; stage: ModelStage }> {
	return new Map(
		series.versions.map((version, i) => [
			series.summary ? (series.summary.positions[i] as number) : i,
			{ version, stage: series.stages[i] as ModelStage }
		])
	);
}

/**
 * For a summary, where the x axis puts its labels: about `count` positions the series has a version
 * at, spread evenly, since a round position (the axis's own choice) has no version to name there.
 */
export function summaryTicks(series: MetricSeries, count = 8): number[] | undefined {
	const positions = series.summary?.positions;
	if (!positions || positions.length === 0) return undefined;
	const step = Math.max(1, (positions.length - 1) / (count - 1));
	const ticks = new Set<number>();
	for (let i = 0; i < positions.length; i += step) ticks.add(positions[Math.round(i)] as number);
	ticks.add(positions.at(-1) as number);
	return [...ticks];
}

/** The rows behind the chart: one per version shown, one column per metric. */
export function trendRows(series: MetricSeries, metrics: string[], hideArchived: boolean) {
	const rows: Array<{ version: string; stage: string; values: Array<number | null> }> = [];
	series.versions.forEach((version, i) => {
		const stage = series.stages[i] as string;
		if (hideArchived && stage === 'archived') return;
		const values = metrics.map((metric) => series.metrics[metric]?.[i] ?? null);
		if (values.some((v) => v !== null)) rows.push({ version, stage, values });
	});
	return rows;
}
