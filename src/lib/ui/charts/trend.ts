/** The metric trend chart's data: which points, on which axis, in which colour. Pure. */
import {
	decimate,
	isLowerBetter,
	metricLabel,
	seriesPoints,
	type ChartPoint,
	type MetricDirection,
	type MetricSeries
} from '../../registry';
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
