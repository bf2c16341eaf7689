import { describe, expect, it } from 'vitest';
import { displayNumber, exactParameter, formatParameter } from '$lib/ui/format';

describe('numbers shown as written', () => {
	it('hides binary floating-point noise and keeps every digit a person typed', () => {
		expect(displayNumber(0.1 + 0.2)).toBe('0.3');
		expect(displayNumber(1 - 0.9)).toBe('0.1');
		expect(displayNumber(0.123456789012)).toBe('0.123456789012');
		expect(displayNumber(123456789)).toBe('123456789');
		expect(displayNumber(1e-7)).toBe('1e-7');
		expect(displayNumber(-2.5)).toBe('-2.5');
		expect(displayNumber(0)).toBe('0');
	});

	it('rounds the numbers inside lists and objects, and leaves text alone', () => {
		expect(formatParameter(0.30000000000000004)).toBe('0.3');
		expect(formatParameter([0.1 + 0.2, 64, 'relu'])).toBe('[0.3,64,"relu"]');
		expect(formatParameter({ lr: 0.1 + 0.2, nested: { decay: 1 - 0.9 } })).toBe(
			'{"lr":0.3,"nested":{"decay":0.1}}'
		);
		expect(formatParameter('0.30000000000000004')).toBe('0.30000000000000004');
		expect(formatParameter(true)).toBe('true');
		expect(formatParameter(null)).toBe('null');
	});

	it('keeps the exact value only where the display rounded it', () => {
		expect(exactParameter(0.1 + 0.2)).toBe('0.30000000000000004');
		expect(exactParameter([0.1 + 0.2])).toBe('[0.30000000000000004]');
		expect(exactParameter(0.3)).toBeUndefined();
		expect(exactParameter('text')).toBeUndefined();
	});
});
