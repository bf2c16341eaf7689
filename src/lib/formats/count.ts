import type { Count } from './types';

/** A BigInt count as JSON can carry it: a number while exact, its digits past 2^53. */
export function toCount(value: bigint): Count {
	return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** Product of a tensor's dims as a BigInt: 2^40 × 2^40 is exact here, and an empty shape is a scalar (1). */
export function elementCount(shape: readonly (number | bigint)[]): bigint {
	let product = 1n;
	for (const dim of shape) product *= BigInt(dim);
	return product;
}
