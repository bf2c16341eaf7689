/**
 * A value axis fitted to the values it shows, so that 0.93 and 0.97 look different. Pure. The charts
 * set it as the axis's min and max and say it in words, because an axis that does not start at zero
 * makes bar lengths misleading to anyone who does not know.
 */
export interface AxisRange {
	min: number;
	max: number;
}

/** At least this many steps across the axis, so that rounding out does not leave the values a sliver. */
const MIN_STEPS = 4;

/** Room left on each side of the values, as a share of their spread. */
const PADDING_SHARE = 0.1;
/** The spread given to a single value (or values all equal), as a share of its size. */
const SINGLE_VALUE_SHARE = 0.05;

/**
 * From a little below the lowest value to a little above the highest, rounded out to a round step
 * (1, 2 or 5 times a power of ten) that fits a few times across it: 0.926 becomes 0.92. It never
 * crosses zero, or one for values in [0, 1] (shares), when the values do not. Undefined when there
 * is no finite value.
 */
export function fitRange(values: readonly number[]): AxisRange | undefined {
	const finite = values.filter(Number.isFinite);
	if (finite.length === 0) return undefined;
	const low = Math.min(...finite);
	const high = Math.max(...finite);
	const spread = high - low || Math.abs(low) * SINGLE_VALUE_SHARE * 2 || 1;
	const padding = spread * PADDING_SHARE;
	const { step, decimals } = roundStep(spread + 2 * padding);
	// Rounded to the step's decimals: 92 * 0.01 is 0.9200000000000002 in binary floating point.
	const tidy = (x: number) => Number(x.toFixed(decimals));
	let min = tidy(Math.floor((low - padding) / step) * step);
	let max = tidy(Math.ceil((high + padding) / step) * step);
	if (low >= 0) min = Math.max(min, 0);
	if (high <= 0 && low < 0) max = Math.min(max, 0);
	if (low >= 0 && high <= 1) max = Math.min(max, 1);
	return { min, max };
}

/** The largest round step that fits `MIN_STEPS` times in `width`, with the decimals it is written with. */
function roundStep(width: number): { step: number; decimals: number } {
	const exponent = Math.floor(Math.log10(width));
	// `width` is at least 10^exponent, so a fifth of that always fits five times.
	const multiple = [1, 0.5].find((m) => width / (m * 10 ** exponent) >= MIN_STEPS) ?? 0.2;
	return { step: multiple * 10 ** exponent, decimals: Math.max(0, (multiple < 1 ? 1 : 0) - exponent) };
}

/**
 * Where a bar drawn on this range starts, as Chart.js draws it: at zero when the range holds zero,
 * else at the end nearer zero.
 */
export function barBase(range: AxisRange): number {
	if (range.min > 0) return range.min;
	if (range.max < 0) return range.max;
	return 0;
}
