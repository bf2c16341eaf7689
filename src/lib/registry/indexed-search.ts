/**
 * `search(filter)` answered from the store's indexes, so that its cost follows the matches rather
 * than the registry:
 *
 * 1. Each criterion asks its index for the keys it selects, giving up past `SELECT_CAP` entries
 *    (`StoreTx.selectVersionKeys`). Text is a union: the versions of the models whose name holds the
 *    needle (from the model names, which are few, when their summaries show few versions) and the
 *    versions whose text tokens hold it.
 * 2. If some criterion is selective, the answer lies within the intersection of the key sets that
 *    came back: when every criterion came back and each is exact, that intersection is the answer and
 *    only the page's rows are read (for the model order); otherwise its rows (at most the smallest
 *    set) are read and checked with `versionMatches`. Totals are exact either way.
 * 3. If no criterion is selective, matches are plentiful: the versions are walked in search order
 *    through the sparsest ordered index every match needs (`sparsest`), only in the models the
 *    criteria allow, and checked row by row, stopping once the page is found and counted as far as
 *    `countUpTo` and `COUNT_ROWS` allow — or at the page alone, when the models' summaries count the
 *    matches (a text that names a few models and no version's own text holds, with stages or a model).
 *    Orders other than by model need every match, so they walk to the end: the one case whose cost
 *    follows the registry (everything sorted by date).
 */
import { searchSort, sortedBy } from './order';
import { countFromSummaries, countWithoutRows, versionsIn } from './search-count';
import { versionMatches } from './search';
import {
	intersection,
	searchKeyOf,
	selectorOf,
	sparsest,
	union,
	type Candidates,
	type Guide,
	type Select
} from './search-candidates';
import type { CountedSelector, StoreTx } from './store';
import { GRAM_CHARS, needleGrams } from './text-grams';
import type { ModelVersion, RegisteredModel, SearchFilter } from './types';

/**
 * How many index entries one criterion may read before it counts as unselective. Every broad
 * criterion reads this many keys on every keystroke, and a selective one's rows may all be read, so
 * it is small; past it a walk guided by the sparsest ordered index finds the page.
 */
export const SELECT_CAP = 250;
/**
 * How many versions a walk visits at most, once its page and the match after it are found, to count
 * further: counting a broad search whole would read every match.
 */
export const COUNT_ROWS = 500;
/**
 * Models the text names beyond this many are not read for their summaries, nor asked for their
 * versions one by one: a walk visits them.
 */
const MAX_NAMED_MODELS = 50;

export interface SearchAnswer {
	items: ModelVersion[];
	total: number;
	/** Counting stopped before the end: at least `total` versions match, maybe more. */
	totalCapped?: true;
}

export interface SearchLimits {
	/** See `SELECT_CAP`. */
	select: number;
	/** See `COUNT_ROWS`. */
	countRows: number;
}

/**
 * The free-text criterion: by model name, or by the version's own text tokens, or (checked on the
 * row) by a field longer than its tokens cover. When no model's name holds the needle and no version
 * has such a field, every match holds each of the needle's trigrams, so their indexes can guide a walk.
 */
async function textCandidates(
	select: Select,
	cap: number,
	needle: string,
	named: { names: string[]; summaries?: RegisteredModel[] },
	guides: Guide[]
) {
	// Each named model's versions are one range of their own, asked for only when the summaries show
	// they are few together: a model of many versions would read `cap` keys to tell only that.
	const { names, summaries } = named;
	const byName =
		summaries && versionsIn(summaries) <= cap
			? union(await Promise.all(names.map((model) => select({ model }))), cap)
			: undefined;
	const tokenGuides: Guide[] = [];
	const lookup = needleGrams(needle);
	const [long, byTokens] = await Promise.all([
		select({ longText: true }),
		(async (): Promise<Candidates> => {
			if ('prefix' in lookup && lookup.prefix.length === GRAM_CHARS)
				return select({ gram: lookup.prefix }, tokenGuides); // a whole token: exact, and in order
			if ('prefix' in lookup) return select({ gramPrefix: lookup.prefix });
			const holding = intersection(
				await Promise.all(lookup.grams.map((gram) => select({ gram }, tokenGuides)))
			);
			// Holding every trigram of a longer needle is not holding the needle: each row is checked.
			return holding && { keys: holding.keys, exact: holding.keys.size === 0 };
		})()
	]);
	if (names.length === 0 && long?.keys.size === 0) guides.push(...tokenGuides);
	const byText = union([byTokens, long && { keys: long.keys, exact: long.keys.size === 0 }], cap);
	return { candidates: union([byName, byText], cap), byText };
}

/**
 * The filter's criteria but its text, each as the selectors a match needs one of (one of several
 * stages or frameworks; otherwise one selector). Their indexes hold one entry per version, and a
 * version has one stage and one framework, so a criterion's selectors can also be counted and added up.
 */
function indexCriteria(filter: SearchFilter): CountedSelector[][] {
	const criteria: CountedSelector[][] = [];
	if (filter.model !== undefined) criteria.push([{ model: filter.model }]);
	if (filter.stages?.length) criteria.push([...new Set(filter.stages)].map((stage) => ({ stage })));
	if (filter.frameworks?.length)
		criteria.push([...new Set(filter.frameworks)].map((framework) => ({ framework })));
	for (const [tag, value] of Object.entries(filter.tags ?? {}))
		criteria.push([value === '*' ? { tag } : { tag, value }]);
	for (const [metric, { min, max }] of Object.entries(filter.metrics ?? {}))
		criteria.push([{ metric, min, max }]);
	return criteria;
}

export async function searchByIndexes(
	tx: StoreTx,
	filter: SearchFilter,
	range: { offset: number; limit: number; countUpTo?: number },
	limits: SearchLimits = { select: SELECT_CAP, countRows: COUNT_ROWS }
): Promise<SearchAnswer> {
	const cap = limits.select;
	const select = selectorOf(tx, cap);
	const guides: Guide[] = [];
	const needle = filter.text?.trim().toLowerCase() ?? '';
	const indexed = indexCriteria(filter);
	// One stage or framework is required of every match; one of several is not, so only one guides.
	const criteria: Array<Promise<Candidates>> = indexed.map((selectors) =>
		Promise.all(selectors.map((s) => select(s, selectors.length === 1 ? guides : undefined))).then((parts) =>
			union(parts, cap)
		)
	);
	// Models matched by name; `undefined`: the text does not restrict models (or there is none).
	let walkModels: string[] | undefined = filter.model === undefined ? undefined : [filter.model];
	// The summaries of the models the text names, when it selects nothing else (no version's own text
	// holds it): its matches are then those models' versions, which the summaries count.
	let onlyNamed: RegisteredModel[] | undefined;
	if (needle !== '') {
		const models = await tx.modelNames();
		const names = models.filter((model) => model.toLowerCase().includes(needle));
		const summaries =
			names.length > MAX_NAMED_MODELS
				? undefined
				: (await Promise.all(names.map((name) => tx.getModel(name)))).filter((model) => model !== undefined);
		const text = textCandidates(select, cap, needle, { names, summaries }, guides);
		criteria.push(text.then((t) => t.candidates));
		const { byText } = await text;
		if (byText?.exact && byText.keys.size === 0) onlyNamed = summaries;
		// Versions whose own text holds the needle are in known models; every other match is in a named one.
		if (byText && names.length < models.length) {
			const allowed = new Set([...names, ...[...byText.keys.values()].map(([m]) => m)]);
			walkModels = [...allowed].filter((m) => walkModels?.includes(m) ?? true).sort();
		}
	}
	const found = await Promise.all(criteria);
	const byModel = filter.order === undefined || filter.order.startsWith('model');
	const sort = searchSort(filter.order ?? 'model-asc', filter.metric);
	const page = <T>(items: T[]) => items.slice(range.offset, range.offset + range.limit);
	const selective = intersection(found);

	if (selective) {
		const keys = [...selective.keys.values()];
		if (selective.exact && byModel) {
			const down = filter.order === 'model-desc';
			const ordered = sortedBy(keys, { keys: (k) => [...searchKeyOf(k)], descending: [down, down] });
			return { items: await tx.getVersions(page(ordered)), total: keys.length };
		}
		const matching = (await tx.getVersions(keys)).filter(versionMatches(filter));
		return { items: page(sortedBy(matching, sort)), total: matching.length };
	}

	const match = versionMatches(filter);
	const descending = filter.order === 'model-desc';
	const walk = {
		models: descending ? walkModels?.reverse() : walkModels,
		through: sparsest(guides)?.through,
		descending
	};
	if (!byModel) {
		const matching: ModelVersion[] = [];
		await tx.walkVersions({ ...walk, expected: Infinity }, (version) => {
			if (match(version)) matching.push(version);
			return true;
		});
		return { items: page(sortedBy(matching, sort)), total: matching.length };
	}
	// The page and one match more (so the page after it is known to exist), then as far as `countUpTo`
	// or `countRows` visited versions allow, whichever ends first.
	const pageEnd = range.offset + range.limit;
	// Counted without reading the matches where possible, so the walk stops at the page: from the
	// summaries of the models the text names, or, when every match is counted, as `countWithoutRows` can.
	const counted = onlyNamed
		? countFromSummaries(onlyNamed, indexed)
		: range.countUpTo === undefined && needle === ''
			? await countWithoutRows(tx, indexed)
			: undefined;
	if (counted !== undefined) {
		const items: ModelVersion[] = [];
		let seen = 0;
		await tx.walkVersions({ ...walk, expected: pageEnd }, (version) => {
			if (match(version) && seen++ >= range.offset) items.push(version);
			return items.length < range.limit;
		});
		return { items, total: counted };
	}
	const counting = range.countUpTo !== undefined;
	const items: ModelVersion[] = [];
	let total = 0;
	let visited = 0;
	let stopped = false;
	// A dense walk stops after the count's bound, or after `countRows`: its first read holds either.
	const expected = counting
		? Math.min(Math.max(range.countUpTo as number, pageEnd) + 1, limits.countRows)
		: Infinity;
	await tx.walkVersions({ ...walk, expected }, (version) => {
		visited++;
		if (match(version)) {
			if (total >= range.offset && items.length < range.limit) items.push(version);
			total++;
		}
		stopped =
			counting && total > pageEnd && (total > (range.countUpTo as number) || visited >= limits.countRows);
		return !stopped;
	});
	return stopped ? { items, total, totalCapped: true } : { items, total };
}
