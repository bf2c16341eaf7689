import { describe, expect, it } from 'vitest';
import type { MetricSeries } from '$lib';
import {
	axisOf,
	axisSentence,
	axisTitle,
	trendAxes,
	trendDatasets,
	trendRows,
	MAX_POINTS_PER_METRIC
} from '$lib/ui/charts/trend';
import { toCsv } from '$lib/ui/download';

const series: MetricSeries = {
	model: 'm',
	versions: ['1.0.0', '1.1.0', '2.0.0'],
	stages: ['archived', 'production', 'staging'],
	productionVersion: '1.1.0',
	metrics: { accuracy: [0.8, 0.85, 0.9], mse: [40, 30, null], val_loss: [0.5, 0.4, 0.3] }
};
const palette = { series: ['#111', '#222'] };

describe('the trend chart data', () => {
	it('shares one axis between metrics in [0, 1] and gives any other metric its own', () => {
		expect(axisOf(series, 'accuracy')).toBe('y');
		expect(axisOf(series, 'val_loss')).toBe('y');
		expect(axisOf(series, 'mse')).toBe('y-mse');
	});

	it('labels the direction, colours each metric, and skips what is hidden or missing', () => {
		const [accuracy, mse] = trendDatasets(series, ['accuracy', 'mse'], { hideArchived: true, palette });
		expect(accuracy).toMatchObject({ label: 'Accuracy (higher is better ↑)', color: '#111', total: 2 });
		expect(accuracy!.points.map((p) => p.version)).toEqual(['1.1.0', '2.0.0']);
		expect(mse).toMatchObject({ label: 'MSE (lower is better ↓)', color: '#222', axis: 'y-mse' });
		expect(mse!.points.map((p) => p.version)).toEqual(['1.1.0']);
	});

	it('decimates a metric with more points than the budget', () => {
		const n = MAX_POINTS_PER_METRIC * 5;
		const big: MetricSeries = {
			model: 'big',
			versions: Array.from({ length: n }, (_, i) => `0.0.${i}`),
			stages: Array.from({ length: n }, () => 'development' as const),
			metrics: { loss: Array.from({ length: n }, (_, i) => 1 / (i + 1)) }
		};
		const [loss] = trendDatasets(big, ['loss'], { hideArchived: false, palette });
		expect(loss!.total).toBe(n);
		expect(loss!.points.length).toBeLessThanOrEqual(MAX_POINTS_PER_METRIC + 1);
	});

	it('gives the table and CSV one row per version shown', () => {
		expect(trendRows(series, ['mse'], false)).toEqual([
			{ version: '1.0.0', stage: 'archived', values: [40] },
			{ version: '1.1.0', stage: 'production', values: [30] }
		]);
		expect(
			toCsv(
				['a', 'b'],
				[
					['x,y', 'say "hi"'],
					[1, null]
				]
			)
		).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
	});
});

describe('the trend chart axes', () => {
	const close: MetricSeries = {
		model: 'm',
		versions: ['1.0.0', '1.1.0', '1.2.0'],
		stages: ['development', 'staging', 'production'],
		metrics: { accuracy: [0.912, 0.928, 0.92], f1Score: [0.915, 0.925, null], mse: [12, 40, 30] }
	};

	it('fits each axis to the points drawn on it and says the range in its title, never "0 – 1"', () => {
		const axes = trendAxes(
			trendDatasets(close, ['accuracy', 'f1Score', 'mse'], { hideArchived: false, palette })
		);
		expect(axes.map((a) => a.id)).toEqual(['y', 'y-mse']);
		expect(axes[0]).toMatchObject({ labels: ['Accuracy', 'F1 score'], range: { min: 0.91, max: 0.93 } });
		expect(axisTitle(axes[0]!)).toBe('Accuracy, F1 score: 0.91 – 0.93');
		expect(axisSentence(axes[0]!)).toBe('The Accuracy, F1 score axis runs from 0.91 to 0.93.');
		expect(axisTitle(axes[1]!)).toBe('MSE: 5 – 45');
	});

	it('fits to what is shown: hiding archived versions can narrow the range', () => {
		const withArchived: MetricSeries = { ...close, stages: ['archived', 'staging', 'production'] };
		const shown = (hideArchived: boolean) =>
			trendAxes(trendDatasets(withArchived, ['mse'], { hideArchived, palette }))[0]!.range;
		expect(shown(false)).toEqual({ min: 5, max: 45 });
		expect(shown(true)).toEqual({ min: 28, max: 42 });
	});
});
