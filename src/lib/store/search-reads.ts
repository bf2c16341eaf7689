/**
 * The search's reads from the versions table's indexes (schema version 5): the keys one criterion
 * selects, and walks in search order. See `registry/indexed-search.ts` for how they are combined.
 */
import type { Table } from 'dexie';
import {
	LONG_TEXT,
	semverKey,
	type CountedSelector,
	type ModelVersion,
	type OrderedSelector,
	type Selected,
	type VersionKey,
	type VersionSelector,
	type VersionWalk
} from '../registry';
import { isOrdered } from '../registry/selector-entries';
import type { StoredVersion } from './database';

/** Below every string, and above every string: IndexedDB orders numbers before strings, arrays last. */
const LOW = -Infinity;
const HIGH: never[] = [];
/** Tokens are at most three code units, so every token starting with a prefix is at most this. */
const TOKEN_TAIL = '\uffff\uffff\uffff';

/** The index an ordered selector walks, and the head its keys share before `[model, semverKey]`. */
function orderedIndex(selector: OrderedSelector): [index: string, head: unknown[]] {
	if ('stage' in selector) return ['[stage+modelName+semverKey]', [selector.stage]];
	if ('framework' in selector) return ['[framework+modelName+semverKey]', [selector.framework]];
	if ('gram' in selector) return ['textGrams', [selector.gram]];
	return ['tagKeys', [selector.tag, selector.value]];
}

/** The index and key range that hold what `selector` selects. */
function whereSelected(selector: VersionSelector): [index: string, range: IDBKeyRange] {
	const bound = (lower: unknown, upper: unknown) => IDBKeyRange.bound(lower, upper);
	if (isOrdered(selector)) {
		const [index, head] = orderedIndex(selector);
		return [index, bound([...head, LOW], [...head, HIGH])];
	}
	if ('model' in selector)
		return ['[modelName+semverKey]', bound([selector.model, LOW], [selector.model, HIGH])];
	if ('tag' in selector) return ['tagKeys', bound([selector.tag, LOW], [selector.tag, HIGH])];
	if ('metric' in selector)
		return [
			'metricKeys',
			bound([selector.metric, selector.min ?? -Infinity], [selector.metric, selector.max ?? Infinity])
		];
	if ('longText' in selector) return ['textGrams', bound([LONG_TEXT, LOW], [LONG_TEXT, HIGH])];
	// A token's key is `[token, model, semverKey]`: every token with the prefix lies between these.
	return ['textGrams', bound([selector.gramPrefix, LOW], [selector.gramPrefix + TOKEN_TAIL, HIGH])];
}

/**
 * One `getAllKeys` of at most `cap + 1` entries: the primary keys are all there is to read, and a
 * multi-entry index may name a row more than once (a prefix shared by several of its tokens).
 */
export async function selectKeys(
	versions: IDBObjectStore,
	selector: VersionSelector,
	cap: number
): Promise<Selected> {
	const [index, range] = whereSelected(selector);
	const found = await result(versions.index(index).getAllKeys(range, cap + 1));
	const keys = found as unknown as Array<[string, string]>;
	const past = keys[cap];
	if (past) {
		// An ordered index lists in search order, so the entry past the cap shows how far it reached.
		const reached = [past[0], semverKey(past[1])] as const;
		return isOrdered(selector) ? { more: true, reached } : { more: true };
	}
	const seen = new Map<string, VersionKey>();
	for (const key of keys) seen.set(`${key[0]}\u0000${key[1]}`, key);
	return { keys: [...seen.values()] };
}

/** One `count` of the selector's index range: native, no key or row crosses. */
export function countKeys(versions: IDBObjectStore, selector: CountedSelector): Promise<number> {
	const [index, range] = whereSelected(selector);
	return result(versions.index(index).count(range));
}

/** A request's result, or its error. */
function result<T>(request: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		request.onerror = () => reject(request.error);
		request.onsuccess = () => resolve(request.result);
	});
}

/**
 * Read sizes of a walk: first what the caller expects to visit (a dense walk stops within it), then
 * twice the last, up to a bound, so a sparse walk takes a few round trips and overshoots by one chunk.
 */
const FIRST_CHUNK = 100;
const MAX_CHUNK = 2_000;

/**
 * Walks in search order through `[modelName+semverKey]`, or through the index of `through`, a
 * model's range at a time when `models` are named. Each chunk continues after the last key read
 * (unique within one selector's range), so no row is read twice.
 */
export async function walkVersions(
	versions: Table<StoredVersion, [string, string]>,
	{ models, through, descending, expected }: VersionWalk,
	visit: (version: ModelVersion) => boolean,
	fromStored: (row: StoredVersion) => ModelVersion
): Promise<void> {
	const [index, head] = through ? orderedIndex(through) : ['[modelName+semverKey]', []];
	const keyOf = (row: StoredVersion) => [...head, row.modelName, row.semverKey];
	let chunk = Math.min(MAX_CHUNK, Math.max(1, expected ?? FIRST_CHUNK));
	for (const model of models ?? [undefined]) {
		const prefix = model === undefined ? head : [...head, model];
		// A bound is a row's key once a chunk has ended there: that row is not read again.
		let lower: { key: unknown[]; open: boolean } = { key: [...prefix, LOW], open: false };
		let upper: { key: unknown[]; open: boolean } = { key: [...prefix, HIGH], open: false };
		for (;;) {
			const range = versions.where(index).between(lower.key, upper.key, !lower.open, !upper.open);
			const rows = await (descending ? range.reverse() : range).limit(chunk).toArray();
			for (const row of rows) if (!visit(fromStored(row))) return;
			const last = rows.at(-1);
			if (!last || rows.length < chunk) break;
			if (descending) upper = { key: keyOf(last), open: true };
			else lower = { key: keyOf(last), open: true };
			chunk = Math.min(MAX_CHUNK, chunk * 2);
		}
	}
}
