import { describe, expect, it } from 'vitest';
import { barBase, fitRange } from '$lib/ui/charts/axis-range';

describe('a value axis fitted to its values', () => {
	it('starts a little below the lowest value and ends a little above the highest, on a round step', () => {
		expect(fitRange([0.93, 0.97])).toEqual({ min: 0.92, max: 0.98 });
		expect(fitRange([0.912, 0.928, 0.92])).toEqual({ min: 0.91, max: 0.93 });
		expect(fitRange([1200, 1500])).toEqual({ min: 1150, max: 1550 });
		expect(fitRange([12, 40])).toEqual({ min: 5, max: 45 });
	});

	it('does not cross zero, or one for shares, when the values do not', () => {
		expect(fitRange([0.01, 0.5])).toEqual({ min: 0, max: 0.6 });
		expect(fitRange([0.9, 0.999])).toEqual({ min: 0.88, max: 1 });
		expect(fitRange([-5, -3])).toEqual({ min: -5.5, max: -2.5 });
		expect(fitRange([-0.2, -0.01])?.max).toBe(0);
	});

	it('gives a single value, or equal values, a range around them', () => {
		expect(fitRange([0.95])).toEqual({ min: 0.94, max: 0.96 });
		expect(fitRange([40, 40])).toEqual({ min: 39, max: 41 });
		expect(fitRange([0])).toEqual({ min: 0, max: 0.2 });
		expect(fitRange([-0.2, 0])).toEqual({ min: -0.25, max: 0 });
	});

	it('leaves an axis with no finite value to the chart', () => {
		expect(fitRange([])).toBeUndefined();
		expect(fitRange([Number.NaN])).toBeUndefined();
	});

	it('says where bars start: the end nearer zero, or zero when the axis holds it', () => {
		expect(barBase({ min: 0.92, max: 0.98 })).toBe(0.92);
		expect(barBase({ min: -5.5, max: -2.5 })).toBe(-2.5);
		expect(barBase({ min: -1, max: 3 })).toBe(0);
	});
});
