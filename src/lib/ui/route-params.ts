/**
 * What the pages read from their address. Anyone can type or share an address, so everything
 * here takes any text: it never throws, and what it returns is shown as text, never as HTML.
 * SvelteKit has already decoded the parameters when a page sees them.
 */
import { parseCompareRefs, type VersionRef } from './links';

/** Route parameters as SvelteKit hands them over: a missing optional one is undefined. */
export type RouteParams = Partial<Record<string, string>>;

/** `#/models/NAME` */
export const modelRoute = (params: RouteParams) => ({ name: params.name ?? '' });

/** `#/models/NAME/versions/VERSION` */
export const versionRoute = (params: RouteParams) => ({
	name: params.name ?? '',
	version: params.version ?? ''
});

/** `#/register/NAME?`: the model the form starts with, if the address names one. */
export const registerRoute = (params: RouteParams): { model?: string } =>
	params.model ? { model: params.model } : {};

/** `#/compare/MODEL:VERSION/...`: the versions named, and the parts that name none. */
export const compareRoute = (params: RouteParams): { refs: VersionRef[]; invalid: string[] } =>
	parseCompareRefs(params.refs ?? '');

/**
 * The decoding SvelteKit's hash router (2.70) applies before any page code runs: the whole hash
 * with decodeURIComponent, the path again with decodeURI (around each "%25"), then each parameter
 * with decodeURIComponent. It throws where SvelteKit would.
 */
export function decodeLikeRouter(hash: string): string[] {
	const url = new URL('http://localhost/');
	url.hash = decodeURIComponent(hash);
	const path = url.hash
		.replace(/^#/, '')
		.replace(/[?#].+/, '')
		.split('%25')
		.map(decodeURI)
		.join('%25');
	return path.split('/').map(decodeURIComponent);
}

/**
 * A hash with a malformed escape ("%E0%A4%A", a bare "%") makes SvelteKit's router throw while
 * the app starts, which leaves a blank page. For such a hash this returns one that the router
 * decodes to the characters as typed, so the page can say that nothing has that name; for any
 * other hash, undefined (leave it alone).
 */
export function repairHash(hash: string): string | undefined {
	try {
		decodeLikeRouter(hash);
		return undefined;
	} catch {
		// Each "%" must survive three decodings as itself: "%2525" → "%25" → "%25" → "%".
		const repaired = hash.replaceAll('%', '%2525');
		try {
			decodeLikeRouter(repaired);
			return repaired;
		} catch {
			return '#/';
		}
	}
}
