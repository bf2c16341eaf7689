import { describe, expect, it } from 'vitest';
import { nextSort, parseSort, sortParam } from '$lib/state/table-sort';

const FALLBACK = { column: 'version', descending: true };
const COLUMNS = ['version', 'registered'];

describe('a version table’s sort in the address', () => {
	it('reads back what it writes, metric names with dashes and colons included', () => {
		for (const sort of [
			{ column: 'registered', descending: false },
			{ column: 'metric:val-loss', descending: true },
			{ column: 'metric:a:b-asc', descending: false }
		]) {
			expect(parseSort(sortParam(sort), COLUMNS, true, FALLBACK)).toEqual(sort);
		}
	});

	it('falls back on anything it cannot mean', () => {
		for (const value of [
			null,
			'',
			'version',
			'version-up',
			'stage-asc',
			'metric:-asc',
			'metric: -desc',
			'metric:__proto__-desc',
			`metric:${'x'.repeat(129)}-asc`
		]) {
			expect(parseSort(value, COLUMNS, true, FALLBACK), String(value)).toBe(FALLBACK);
		}
		expect(parseSort('metric:auc-asc', COLUMNS, false, FALLBACK)).toBe(FALLBACK);
	});
});

describe('a header clicked', () => {
	const current = { column: 'version', descending: true };

	it('turns the sorted column round', () => {
		expect(nextSort(current, 'version')).toEqual({ column: 'version', descending: false });
	});

	it('starts another column in its natural direction, a metric best first', () => {
		expect(nextSort(current, 'registered')).toEqual({ column: 'registered', descending: true });
		expect(nextSort(current, 'model')).toEqual({ column: 'model', descending: false });
		expect(nextSort(current, 'metric:accuracy')).toEqual({ column: 'metric:accuracy', descending: true });
		expect(nextSort(current, 'metric:val_loss')).toEqual({ column: 'metric:val_loss', descending: false });
		expect(nextSort(current, 'metric:accuracy', { accuracy: 'lower' })).toEqual({
			column: 'metric:accuracy',
			descending: false
		});
	});
});
