// Timing and order statistics, shared by the Node side (bench/*.mjs) and the pages (bench/browser/*.ts),
// so every figure in docs/benchmarks.md is computed the same way. Plain JavaScript: Node runs it as is
// and Vite bundles it into the pages.

/**
 * @param {number} value
 * @param {number} digits
 */
const round = (value, digits) => Number(value.toFixed(digits));

/**
 * The middle value (the mean of the middle two for an even count), rounded to `digits`.
 * @param {number[]} values
 * @param {number} [digits]
 */
export function median(values, digits = 3) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	const upper = sorted[mid] ?? NaN;
	const middle = sorted.length % 2 ? upper : ((sorted[mid - 1] ?? NaN) + upper) / 2;
	return round(middle, digits);
}

/**
 * The value at rank ⌊p% × count⌋ of the sorted values (0 for none), rounded to `digits`.
 * @param {number[]} values
 * @param {number} p
 * @param {number} [digits]
 */
export function percentile(values, p, digits = 3) {
	const sorted = [...values].sort((a, b) => a - b);
	return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0, digits);
}

/**
 * Runs `work` once and says how long it took.
 * @template T
 * @param {() => Promise<T>} work
 * @returns {Promise<{ ms: number, value: T }>}
 */
export async function timed(work) {
	const start = performance.now();
	const value = await work();
	return { ms: performance.now() - start, value };
}
