import { describe, expect, it } from 'vitest';
import {
	bestIndexes,
	compareVersions,
	decimate,
	deltaFrom,
	isLowerBetter,
	metricNames,
	ModelRegistry,
	rankLeaderboard,
	seriesPoints,
	type ChartPoint,
	type ModelVersion,
	type RegisterInput
} from '$lib';
import { aFile, aVersion } from '../builders';

const version = (modelName: string, v: string, patch: Partial<ModelVersion> = {}) =>
	aVersion({ modelName, version: v, ...patch });

describe('metrics across versions', () => {
	it('knows which metrics are better lower', () => {
		for (const metric of ['mse', 'mae', 'loss', 'val_loss', 'Error_rate', 'top1_error'])
			expect(isLowerBetter(metric)).toBe(true);
		for (const metric of ['accuracy', 'aucRoc', 'f1Score', 'auc', 'ndcg'])
			expect(isLowerBetter(metric)).toBe(false);
	});

	it('lists standard metrics in their usual order, then custom ones by name', () => {
		const versions = [
			version('m', '1.0.0', { metrics: { mse: 1, custom: { zeta: 1 } } }),
			version('m', '2.0.0', { metrics: { accuracy: 0.9, custom: { alpha: 2 } } })
		];
		expect(metricNames(versions)).toEqual(['accuracy', 'mse', 'alpha', 'zeta']);
	});

	it('builds series in SemVer order through the registry, with gaps where a metric is missing', async () => {
		const registry = new ModelRegistry();
		const register = (input: Omit<RegisterInput, 'name'>) => registry.register({ name: 'm', ...input });
		await register({ version: '1.10.0', metrics: { accuracy: 0.9, custom: { loss: 0.1 } } });
		await register({ version: '1.9.0', metrics: { accuracy: 0.8 } });
		await register({ version: '1.9.0-rc.1', metrics: { custom: { loss: 0.5 } } });
		await registry.transitionStage('m', '1.9.0', 'production');
		await registry.transitionStage('m', '1.10.0', 'archived');

		const series = await registry.metricSeries('m');
		expect(series).toEqual({
			model: 'm',
			versions: ['1.9.0-rc.1', '1.9.0', '1.10.0'],
			stages: ['development', 'production', 'archived'],
			productionVersion: '1.9.0',
			metrics: { accuracy: [null, 0.8, 0.9], loss: [0.5, null, 0.1] },
			directions: { accuracy: 'higher', loss: 'lower' }
		});
		expect(seriesPoints(series, 'accuracy').map((p) => p.version)).toEqual(['1.9.0', '1.10.0']);
		expect(seriesPoints(series, 'loss', { hideArchived: true })).toEqual([
			{ index: 0, version: '1.9.0-rc.1', stage: 'development', value: 0.5 }
		]);
		await expect(registry.metricSeries('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('decimates a long series to about the budget, keeping extremes and production', () => {
		const points: ChartPoint[] = Array.from({ length: 10_000 }, (_, index) => ({
			index,
			version: `1.0.${index}`,
			stage: index === 4321 ? 'production' : 'development',
			value: index === 777 ? 100 : index === 8888 ? -100 : Math.sin(index)
		}));
		const kept = decimate(points, 1000);
		expect(kept.length).toBeLessThanOrEqual(1001);
		expect(kept.length).toBeGreaterThan(900);
		expect(kept.map((p) => p.index)).toEqual([...kept.map((p) => p.index)].sort((a, b) => a - b));
		expect(kept.some((p) => p.value === 100)).toBe(true);
		expect(kept.some((p) => p.value === -100)).toBe(true);
		expect(kept.some((p) => p.stage === 'production')).toBe(true);
		expect(decimate(points.slice(0, 50), 1000)).toHaveLength(50);
	});

	it('finds the best value in the right direction, and deltas against the first', () => {
		expect(bestIndexes([0.8, 0.9, undefined, 0.9], 'accuracy')).toEqual([1, 3]);
		expect(bestIndexes([3, 1, 2], 'val_loss')).toEqual([1]);
		expect(bestIndexes([undefined], 'mse')).toEqual([]);
		expect(deltaFrom(0.8, 0.9)).toEqual({
			absolute: expect.closeTo(0.1, 10),
			percent: expect.closeTo(12.5, 10)
		});
		expect(deltaFrom(-2, -1)).toEqual({ absolute: 1, percent: 50 });
		expect(deltaFrom(0, 5)).toEqual({ absolute: 5 });
		expect(deltaFrom(undefined, 5)).toBeUndefined();
	});

	it('compares versions side by side and marks what differs', () => {
		const rows = compareVersions([
			version('a', '1.0.0', {
				metrics: { accuracy: 0.8, mse: 2, custom: {} },
				parameters: { lr: 0.1, depth: 3 },
				tags: { team: 'x' },
				files: [aFile({ path: 'model.pkl', size: 3 }), aFile({ path: 'config.json', size: 4 })]
			}),
			version('b', '2.0.0', {
				metrics: { accuracy: 0.9, mse: 1, custom: { auc: 0.7 } },
				parameters: { lr: 0.1, depth: 4 },
				tags: {}
			})
		]);
		const find = (section: string, key: string) => rows.find((r) => r.section === section && r.key === key)!;
		expect(find('overview', 'stage')).toMatchObject({
			values: ['development', 'development'],
			differs: false
		});
		// A folder's size is all its files together; a version without files has none.
		expect(find('overview', 'files size')).toMatchObject({ values: [7, undefined], differs: true });
		expect(find('metrics', 'accuracy')).toMatchObject({ best: [1], differs: true, lowerIsBetter: false });
		expect(find('metrics', 'accuracy').deltas?.[1]?.percent).toBeCloseTo(12.5);
		expect(find('metrics', 'mse')).toMatchObject({
			best: [1],
			lowerIsBetter: true,
			deltas: [
				{ absolute: 0, percent: 0 },
				{ absolute: -1, percent: -50 }
			]
		});
		expect(find('metrics', 'auc')).toMatchObject({ values: [undefined, 0.7], differs: true, best: [1] });
		expect(find('parameters', 'lr')).toMatchObject({ values: ['0.1', '0.1'], differs: false });
		expect(find('parameters', 'depth')).toMatchObject({ values: ['3', '4'], differs: true });
		expect(find('tags', 'team')).toMatchObject({ values: ['x', undefined], differs: true });
	});

	it('ranks a leaderboard best first, sharing ranks on ties, one entry per model on request', async () => {
		const versions = [
			version('a', '1.0.0', { metrics: { accuracy: 0.7, custom: {} } }),
			version('a', '2.0.0', { metrics: { accuracy: 0.95, custom: {} } }),
			version('b', '1.0.0', { metrics: { accuracy: 0.95, custom: {} } }),
			version('c', '1.0.0', { metrics: { custom: { loss: 1 } } })
		];
		expect(rankLeaderboard(versions, 'accuracy').map((e) => [e.rank, e.model, e.version])).toEqual([
			[1, 'a', '2.0.0'],
			[1, 'b', '1.0.0'],
			[3, 'a', '1.0.0']
		]);
		expect(rankLeaderboard(versions, 'accuracy', { bestPerModel: true }).map((e) => e.model)).toEqual([
			'a',
			'b'
		]);

		const registry = new ModelRegistry();
		await registry.register({ name: 'x', version: '1.0.0', metrics: { mse: 3 } });
		await registry.register({ name: 'x', version: '1.1.0', metrics: { mse: 1 } });
		await registry.register({ name: 'y', version: '1.0.0', metrics: { mse: 2 } });
		expect((await registry.leaderboard('mse')).map((e) => `${e.model}:${e.version}`)).toEqual([
			'x:1.1.0',
			'y:1.0.0',
			'x:1.0.0'
		]);
		expect((await registry.leaderboard('mse', { bestPerModel: true, limit: 1 })).map((e) => e.model)).toEqual(
			['x']
		);
		expect((await registry.leaderboard('mse', { model: 'y' })).map((e) => e.version)).toEqual(['1.0.0']);
	});
});
