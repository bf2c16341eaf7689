/**
 * The versions each search criterion selects, as its index answers: a known set of keys (exact, or a
 * superset to check row by row), or "more than the cap" with, for an index in search order, how far
 * its first entries reached — the walk's best guide to which index is sparsest.
 */
import { semverKey } from './semver';
import { compareKeys } from './order';
import { isOrdered } from './selector-entries';
import type { OrderedSelector, SearchKey, StoreTx, VersionKey, VersionSelector } from './store';

/** Versions a criterion selects, by key id; `exact` when every one of them matches the criterion. */
export type Candidates = { keys: Map<string, VersionKey>; exact: boolean } | undefined;

/** An index a walk could go through instead of every version: one whose every version a match needs. */
export interface Guide {
	through: OrderedSelector;
	reached: SearchKey;
}

const keyId = ([model, version]: VersionKey) => `${model}\u0000${version}`;

export type Select = (selector: VersionSelector, guides?: Guide[]) => Promise<Candidates>;

/** Asks the store, at most `cap` entries a criterion; an ordered index past the cap joins `guides`. */
export const selectorOf =
	(tx: StoreTx, cap: number): Select =>
	async (selector, guides) => {
		const selected = await tx.selectVersionKeys(selector, cap);
		if ('keys' in selected)
			return { keys: new Map(selected.keys.map((key) => [keyId(key), key])), exact: true };
		if (guides && selected.reached && isOrdered(selector))
			guides.push({ through: selector, reached: selected.reached });
		return undefined;
	};

/** Versions any part selects; unknown when a part is, or when they are more than `cap` together. */
export function union(parts: Candidates[], cap: number): Candidates {
	const keys = new Map<string, VersionKey>();
	for (const part of parts) {
		if (!part) return undefined;
		for (const [id, key] of part.keys) keys.set(id, key);
		if (keys.size > cap) return undefined;
	}
	return { keys, exact: parts.every((part) => part?.exact) };
}

/** Versions every known part selects: a superset of the answer, exact only when no part is unknown. */
export function intersection(parts: Candidates[]): Candidates {
	const known = parts.filter((part) => part !== undefined).sort((a, b) => a.keys.size - b.keys.size);
	const [smallest, ...rest] = known;
	if (!smallest) return undefined;
	const keys = new Map([...smallest.keys].filter(([id]) => rest.every((part) => part.keys.has(id))));
	return { keys, exact: known.length === parts.length && known.every((part) => part.exact) };
}

/**
 * The sparsest guide: its first `cap` + 1 versions reached furthest into search order, so a walk
 * through it skips the most versions that could not match.
 */
export function sparsest(guides: readonly Guide[]): Guide | undefined {
	let best: Guide | undefined;
	for (const guide of guides) if (!best || compareKeys(guide.reached, best.reached) > 0) best = guide;
	return best;
}

/** A version key in search order, for sorting keys without reading their rows. */
export const searchKeyOf = ([model, version]: VersionKey): SearchKey => [model, semverKey(version)];
