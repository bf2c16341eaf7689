/** Which way a metric is better: the documented default list, and a model's own choice. */
import { describe, expect, it } from 'vitest';
import { defaultDirection, directionOf, isLowerBetter, rankLeaderboard, type ModelVersion } from '$lib';

describe('the default direction of a metric', () => {
	it.each([
		'mse',
		'mae',
		'rmse',
		'mape',
		'smape',
		'loss',
		'val_loss',
		'logloss',
		'Error_rate',
		'top1_error',
		'latency_ms',
		'p95_latency',
		'inferenceTime',
		'training_duration',
		'perplexity',
		'wer',
		'cer',
		'model_size',
		'peak-memory',
		'edit_distance'
	])('%s is lower-is-better', (metric) => {
		expect(defaultDirection(metric)).toBe('lower');
		expect(isLowerBetter(metric)).toBe(true);
	});

	it.each([
		'accuracy',
		'precision',
		'recall',
		'f1',
		'f1Score',
		'aucRoc',
		'auc_roc',
		'ndcg_at_10',
		'top5_accuracy',
		'timeliness',
		'throughput'
	])('%s is higher-is-better', (metric) => {
		expect(defaultDirection(metric)).toBe('higher');
	});

	it("gives way to a model's own choice", () => {
		expect(directionOf('latency_ms', { latency_ms: 'higher' })).toBe('higher');
		expect(directionOf('accuracy', { latency_ms: 'higher' })).toBe('higher');
		expect(isLowerBetter('score', { score: 'lower' })).toBe(true);
		// A name every object inherits is not an override.
		expect(directionOf('toString', {})).toBe('higher');
	});
});

const version = (model: string, v: string, latency: number): ModelVersion => ({
	modelName: model,
	version: v,
	fullName: `${model}:${v}`,
	stage: 'development',
	framework: 'custom',
	metrics: { custom: { latency_ms: latency } },
	parameters: {},
	tags: {},
	description: '',
	createdAt: '2026-01-01T00:00:00.000Z',
	updatedAt: '2026-01-01T00:00:00.000Z'
});

describe('rankings by direction', () => {
	it('ranks a latency lowest first', () => {
		const versions = [version('m', '1.0.0', 40), version('m', '2.0.0', 20), version('m', '3.0.0', 30)];
		expect(rankLeaderboard(versions, 'latency_ms').map((e) => e.version)).toEqual([
			'2.0.0',
			'3.0.0',
			'1.0.0'
		]);
	});
});
