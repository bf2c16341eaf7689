/** Which way a metric is better: the documented default list, and a model's own choice. */
import { describe, expect, it } from 'vitest';
import {
	defaultDirection,
	directionOf,
	isLowerBetter,
	ModelRegistry,
	rankLeaderboard,
	RegistryError,
	type ModelVersion
} from '$lib';
import { exportBundle, importBundle } from '../bundle/helpers';
import { aVersion } from '../builders';

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

const version = (modelName: string, v: string, latency: number): ModelVersion =>
	aVersion({ modelName, version: v, metrics: { custom: { latency_ms: latency } } });

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

describe("a model's own direction", () => {
	async function registryWithLatency() {
		const registry = new ModelRegistry();
		await registry.register({ name: 'fast', version: '1.0.0', metrics: { custom: { latency_ms: 40 } } });
		await registry.register({ name: 'fast', version: '2.0.0', metrics: { custom: { latency_ms: 20 } } });
		return registry;
	}

	it('is stored as an override, ranks by it, and is recorded in the history', async () => {
		const registry = await registryWithLatency();
		const order = async () =>
			(await registry.leaderboard('latency_ms', { model: 'fast' })).map((e) => e.version);
		expect(await order()).toEqual(['2.0.0', '1.0.0']);
		expect(await registry.leaderboardDirection('latency_ms', 'fast')).toBe('lower');

		await registry.setMetricDirection('fast', 'latency_ms', 'higher');
		expect((await registry.getModel('fast'))?.metricDirections).toEqual({ latency_ms: 'higher' });
		expect(await order()).toEqual(['1.0.0', '2.0.0']);
		expect(await registry.leaderboardDirection('latency_ms', 'fast')).toBe('higher');
		expect((await registry.metricSeries('fast')).directions).toEqual({ latency_ms: 'higher' });
		expect((await registry.history('fast')).at(-1)).toMatchObject({
			kind: 'model.metric_direction',
			before: { metric: 'latency_ms', direction: 'lower' },
			after: { metric: 'latency_ms', direction: 'higher' }
		});

		// The same choice again changes nothing and records nothing; the default again removes the override.
		const events = (await registry.history('fast')).length;
		await registry.setMetricDirection('fast', 'latency_ms', 'higher');
		expect(await registry.history('fast')).toHaveLength(events);
		await registry.setMetricDirection('fast', 'latency_ms', 'lower');
		expect((await registry.getModel('fast'))?.metricDirections).toEqual({});
		expect(await order()).toEqual(['2.0.0', '1.0.0']);
	});

	it('refuses a direction that is not one of the two words, or a bad metric name, naming the field', async () => {
		const registry = await registryWithLatency();
		await expect(registry.setMetricDirection('fast', 'latency_ms', 'down' as 'lower')).rejects.toMatchObject({
			message: 'direction: must be higher or lower, not "down".'
		});
		await expect(registry.setMetricDirection('fast', '__proto__', 'lower')).rejects.toMatchObject({
			details: { field: 'metric', rule: 'forbidden-key' }
		});
		expect((await registry.getModel('fast'))?.metricDirections).toBeUndefined();
	});

	it('across models, ranks by the direction most of them give the metric', async () => {
		const registry = await registryWithLatency();
		await registry.register({ name: 'slow', version: '1.0.0', metrics: { custom: { latency_ms: 90 } } });
		await registry.register({ name: 'other', version: '1.0.0', metrics: { custom: { latency_ms: 60 } } });
		await registry.setMetricDirection('slow', 'latency_ms', 'higher');
		expect(await registry.leaderboardDirection('latency_ms')).toBe('lower');
		await registry.setMetricDirection('other', 'latency_ms', 'higher');
		expect(await registry.leaderboardDirection('latency_ms')).toBe('higher');
		expect((await registry.leaderboard('latency_ms', { bestPerModel: true })).map((e) => e.model)).toEqual([
			'slow',
			'other',
			'fast'
		]);
	});

	it('can be set for every model that has the metric at once, each in its history', async () => {
		const registry = await registryWithLatency();
		await registry.register({ name: 'slow', version: '1.0.0', metrics: { custom: { latency_ms: 90 } } });
		await registry.register({ name: 'unrelated', version: '1.0.0', metrics: { accuracy: 0.9 } });
		await registry.setMetricDirection('slow', 'latency_ms', 'higher');

		expect(await registry.setMetricDirectionEverywhere('latency_ms', 'higher')).toEqual(['fast']);
		expect(await registry.leaderboardDirection('latency_ms')).toBe('higher');
		expect((await registry.getModel('fast'))?.metricDirections).toEqual({ latency_ms: 'higher' });
		expect((await registry.getModel('unrelated'))?.metricDirections).toBeUndefined();
		expect((await registry.history('fast')).at(-1)).toMatchObject({ kind: 'model.metric_direction' });
		expect(await registry.setMetricDirectionEverywhere('latency_ms', 'higher')).toEqual([]);
		await expect(registry.setMetricDirectionEverywhere('latency_ms', 'up' as 'higher')).rejects.toMatchObject(
			{
				details: { field: 'direction', rule: 'enum' }
			}
		);
	});

	it('travels in a bundle, and a bundle without it still imports', async () => {
		const registry = await registryWithLatency();
		await registry.setMetricDirection('fast', 'latency_ms', 'higher');
		const copy = new ModelRegistry();
		await importBundle(copy, await exportBundle(registry));
		expect((await copy.getModel('fast'))?.metricDirections).toEqual({ latency_ms: 'higher' });

		const old = new ModelRegistry();
		const manifest = {
			format: 'model-registry-bundle',
			formatVersion: 1,
			models: [{ name: 'm', versions: [{ version: '1.0.0', metrics: { custom: { wer: 0.2 } } }] }]
		};
		await importBundle(old, new Blob([JSON.stringify(manifest)]));
		expect((await old.getModel('m'))?.metricDirections).toBeUndefined();
		expect(await old.leaderboardDirection('wer', 'm')).toBe('lower');
	});

	it('keeps a model\'s own directions on import, unless the person chose "Use the bundle\'s"', async () => {
		const theirs = await registryWithLatency();
		await theirs.register({ name: 'fast', version: '3.0.0', metrics: { custom: { latency_ms: 9 } } });
		await theirs.setMetricDirection('fast', 'latency_ms', 'higher');
		const bundle = await exportBundle(theirs);
		const mine = async () => {
			const registry = await registryWithLatency();
			await registry.setMetricDirection('fast', 'accuracy', 'lower');
			return registry;
		};

		const kept = await mine();
		const { result } = await importBundle(kept, bundle, 'skip');
		expect(result.added).toBe(1);
		expect((await kept.getModel('fast'))?.metricDirections).toEqual({ accuracy: 'lower' });

		const replaced = await mine();
		await importBundle(replaced, bundle, 'replace');
		expect((await replaced.getModel('fast'))?.metricDirections).toEqual({ latency_ms: 'higher' });
		expect(await replaced.leaderboardDirection('accuracy', 'fast')).toBe('higher');

		// Directions alone differing are still imported when the bundle's are chosen.
		const same = await mine();
		await importBundle(same, await exportBundle(await registryWithLatency()), 'replace');
		expect(await same.leaderboardDirection('accuracy', 'fast')).toBe('higher');
	});

	it.each([
		[{ wer: 'down' }, 'manifest.json: models[0].metricDirections.wer: must be higher or lower, not "down".'],
		[{ constructor: 'lower' }, /^manifest\.json: models\[0\]\.metricDirections\.constructor: /],
		[['lower'], /^manifest\.json: models\[0\]\.metricDirections: /]
	])('refuses a bundle with metric directions %j, importing nothing', async (directions, message) => {
		const registry = new ModelRegistry();
		const manifest = {
			format: 'model-registry-bundle',
			formatVersion: 1,
			models: [{ name: 'm', metricDirections: directions, versions: [{ version: '1.0.0' }] }]
		};
		const error = await importBundle(registry, new Blob([JSON.stringify(manifest)])).catch((e: unknown) => e);
		expect(RegistryError.is(error, 'BUNDLE_INVALID')).toBe(true);
		if (typeof message === 'string') expect((error as Error).message).toBe(message);
		else expect((error as Error).message).toMatch(message);
		expect(await registry.getModel('m')).toBeUndefined();
	});
});
