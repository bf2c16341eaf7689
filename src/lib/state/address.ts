/**
 * State a person would want to keep on reload or share, as the parameters of the address
 * (`#/search?text=churn&stage=production`). Anyone can type or share an address, so reading one
 * never throws: a parameter that is missing or invalid leaves that field at its default.
 */
export interface AddressState {
	/** The state as parameters, in a fixed order; a field at its default is left out. */
	readonly address: Record<string, string>;
	/** Sets every field from the parameters: the ones an address leaves out go back to their defaults. */
	applyAddress(params: URLSearchParams): void;
}

/** The parameters after the "?" of a hash route. */
export function hashQuery(hash: string): URLSearchParams {
	const at = hash.indexOf('?');
	return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/** Parameters as an address writes them: `a=1&b=x+y`. */
export const queryString = (params: Record<string, string>): string => new URLSearchParams(params).toString();

/** A hash route with its parameters replaced; no parameters, no "?". */
export function withQuery(hash: string, params: Record<string, string>): string {
	const path = hash.replace(/\?.*$/, '') || '#/';
	const query = queryString(params);
	return query ? `${path}?${query}` : path;
}

/** `value` if it is one of `allowed`, else `fallback`: for the fields whose values are a fixed list. */
export function oneOf<T extends string, F extends string>(
	value: string | null,
	allowed: readonly T[],
	fallback: F
): T | F {
	return allowed.includes(value as T) ? (value as T) : fallback;
}

/** A row offset from a 1-based `page` parameter; anything but a whole number ≥ 1 is the first page. */
export function offsetOfPage(value: string | null, pageSize: number): number {
	const page = Number(value);
	return Number.isSafeInteger(page) && page >= 1 ? (page - 1) * pageSize : 0;
}

/** The `page` parameter for a row offset: left out on the first page. */
export function pageParam(offset: number, pageSize: number): Record<string, string> {
	return offset > 0 ? { page: String(Math.floor(offset / pageSize) + 1) } : {};
}
