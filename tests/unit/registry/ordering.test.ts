/**
 * Orders the core sorts in memory — one model's versions by a metric or by stage, search results by
 * any column — run against both stores, and through the in-memory search index, so they agree.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelRegistry, type ModelStore, type SearchFilter } from '$lib';
import { searchIn } from '$lib/registry/search';
import { refusal, STORES } from '../stores';

describe.each(STORES)('ordering on %s', (_name, makeStore) => {
	let store: ModelStore;
	let registry: ModelRegistry;
	let clock: number;

	beforeEach(async () => {
		store = makeStore();
		clock = Date.parse('2026-01-01T00:00:00Z');
		registry = new ModelRegistry(store, { now: () => new Date((clock += 1000)) });
		// Registered out of SemVer order; 1.1.0 and 2.0.0 tie on accuracy; 0.9.0 and 1.0.0-rc.1 lack it.
		const versions: Array<[string, number | undefined, number]> = [
			['1.1.0', 0.9, 4],
			['0.9.0', undefined, 1],
			['2.0.0', 0.9, 2],
			['1.0.0', 0.7, 3],
			['1.0.0-rc.1', undefined, 5],
			['3.0.0', 0.95, 0.5]
		];
		for (const [version, accuracy, loss] of versions) {
			await registry.register({
				name: 'churn',
				version,
				metrics: { ...(accuracy !== undefined && { accuracy }), custom: { loss } }
			});
		}
		await registry.register({ name: 'alpha', version: '5.0.0', metrics: { accuracy: 0.8 } });
		await registry.transitionStage('churn', '1.0.0', 'production');
		await registry.transitionStage('churn', '2.0.0', 'staging');
	});
	afterEach(() => registry.close());

	const versions = (query: Parameters<ModelRegistry['listVersions']>[1]) =>
		registry.listVersions('churn', query).then((page) => page.items.map((v) => v.version));

	it('orders all of a model’s versions by a metric, missing values last, ties by highest SemVer', async () => {
		expect(await versions({ order: 'metric-desc', metric: 'accuracy' })).toEqual([
			'3.0.0',
			'2.0.0',
			'1.1.0',
			'1.0.0',
			'1.0.0-rc.1',
			'0.9.0'
		]);
		expect(await versions({ order: 'metric-asc', metric: 'accuracy' })).toEqual([
			'1.0.0',
			'2.0.0',
			'1.1.0',
			'3.0.0',
			'1.0.0-rc.1',
			'0.9.0'
		]);
		expect(await versions({ order: 'metric-asc', metric: 'loss' })).toEqual([
			'3.0.0',
			'0.9.0',
			'2.0.0',
			'1.0.0',
			'1.1.0',
			'1.0.0-rc.1'
		]);
	});

	it('pages a metric order over every version, not just one page', async () => {
		const page = await registry.listVersions('churn', {
			order: 'metric-desc',
			metric: 'accuracy',
			offset: 2,
			limit: 2
		});
		expect(page).toMatchObject({ total: 6, offset: 2, limit: 2 });
		expect(page.items.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
	});

	it('orders by stage in lifecycle order, ties by highest SemVer', async () => {
		expect(await versions({ order: 'stage-asc', limit: 3 })).toEqual(['3.0.0', '1.1.0', '1.0.0-rc.1']);
		expect(await versions({ order: 'stage-desc', limit: 3 })).toEqual(['1.0.0', '2.0.0', '3.0.0']);
	});

	it('refuses an unknown order or a metric order without a metric, naming the field', async () => {
		const badOrder = await refusal(versions({ order: 'accuracy' as never }));
		expect(badOrder).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'order', rule: 'enum' } });
		expect(badOrder.message).toMatch(/^order/);
		expect(await refusal(versions({ order: 'metric-desc' }))).toMatchObject({
			details: { field: 'metric', rule: 'required' }
		});
		expect(await refusal(versions({ order: 'metric-asc', metric: '__proto__' }))).toMatchObject({
			details: { field: 'metric' }
		});
		expect(await refusal(registry.search({ order: 'best' as never }))).toMatchObject({
			details: { field: 'order' }
		});
		expect(await refusal(registry.search({ order: 'metric-desc' }))).toMatchObject({
			details: { field: 'metric' }
		});
	});

	const found = (filter: SearchFilter) =>
		registry.search({ ...filter, limit: 100 }).then((page) => page.items.map((v) => v.fullName));

	it('sorts search results by model, version, registration and metric', async () => {
		const all = [
			'alpha:5.0.0',
			...['0.9.0', '1.0.0-rc.1', '1.0.0', '1.1.0', '2.0.0', '3.0.0'].map((v) => `churn:${v}`)
		];
		expect(await found({})).toEqual(all);
		expect(await found({ order: 'model-asc' })).toEqual(all);
		expect(await found({ order: 'model-desc' })).toEqual([...all].reverse());
		expect(await found({ order: 'version-desc' })).toEqual([
			'alpha:5.0.0',
			'churn:3.0.0',
			'churn:2.0.0',
			'churn:1.1.0',
			'churn:1.0.0',
			'churn:1.0.0-rc.1',
			'churn:0.9.0'
		]);
		expect(await found({ order: 'created-asc', text: 'churn' })).toEqual(
			['1.1.0', '0.9.0', '2.0.0', '1.0.0', '1.0.0-rc.1', '3.0.0'].map((v) => `churn:${v}`)
		);
		expect((await registry.search({ order: 'created-desc', limit: 1 })).items[0]?.fullName).toBe(
			'alpha:5.0.0'
		);
		expect(await found({ order: 'metric-desc', metric: 'accuracy' })).toEqual([
			'churn:3.0.0',
			'churn:2.0.0',
			'churn:1.1.0',
			'alpha:5.0.0',
			'churn:1.0.0',
			'churn:1.0.0-rc.1',
			'churn:0.9.0'
		]);
		expect(
			await found({ order: 'metric-asc', metric: 'accuracy', metrics: { accuracy: { min: 0.75 } } })
		).toEqual(['alpha:5.0.0', 'churn:2.0.0', 'churn:1.1.0', 'churn:3.0.0']);
	});

	it('pages sorted search results, and the in-memory index agrees with the store', async () => {
		const all = await registry.allVersions();
		const filters: SearchFilter[] = [
			{ order: 'version-asc' },
			{ order: 'created-desc', text: 'churn' },
			{ order: 'metric-desc', metric: 'loss' },
			{ order: 'metric-asc', metric: 'accuracy', metrics: { accuracy: {} } }
		];
		for (const filter of filters) {
			for (let offset = 0; offset < 7; offset += 3) {
				const page = await registry.search({ ...filter, offset, limit: 3 });
				expect(searchIn(all, filter, { offset, limit: 3 }), JSON.stringify(filter)).toEqual({
					items: page.items,
					total: page.total
				});
			}
		}
	});
});
