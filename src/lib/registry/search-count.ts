/**
 * "Count them all" without reading the matches. In Chromium every index entry counted or read costs
 * a lookup of its record (about 10 µs; a row about 35: `docs/architecture.md`, "Counting lazily"),
 * so a count through an index grows with the matches; the models' summaries, kept current with every
 * change, do not.
 */
import type { CountedSelector, StoreTx } from './store';
import type { RegisteredModel } from './types';

const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);

/** How many versions `models` hold, by their summaries. */
export const versionsIn = (models: readonly RegisteredModel[]) =>
	sum(models.map((model) => model.versionCount));

const modelOf = (selectors: CountedSelector[]) => selectors.flatMap((s) => ('model' in s ? [s.model] : []));

/** Whether the models' summaries count what `criteria` select: nothing but a model and stages. */
const summariesCount = (criteria: CountedSelector[][]) =>
	criteria.flat().every((s) => 'model' in s || 'stage' in s);

/**
 * How many versions of `models` a search selects, from their `versionCount` and `stageCounts`, when
 * it selects by nothing but a model and stages (`criteria`: each a list of selectors a version meets
 * one of); `undefined` for any other criterion, which only reading the versions tells.
 */
export function countFromSummaries(
	models: readonly RegisteredModel[],
	criteria: CountedSelector[][]
): number | undefined {
	if (!summariesCount(criteria)) return undefined;
	const selectors = criteria.flat();
	const named = modelOf(selectors);
	const stages = selectors.flatMap((s) => ('stage' in s ? [s.stage] : []));
	return sum(
		models
			.filter((model) => named.every((name) => name === model.name))
			.map((model) =>
				stages.length ? sum(stages.map((stage) => model.stageCounts[stage])) : model.versionCount
			)
	);
}

/**
 * How many versions a search without text selects, or `undefined` when only reading them tells:
 * - by nothing but a model and stages, from the models' summaries, reading one record per model;
 * - one other criterion alone, from its index (a version has one stage and one framework, so the
 *   counts of several add up).
 */
export async function countWithoutRows(
	tx: StoreTx,
	criteria: CountedSelector[][]
): Promise<number | undefined> {
	if (summariesCount(criteria)) {
		const named = modelOf(criteria.flat());
		const models = named.length
			? (await Promise.all(named.map((name) => tx.getModel(name)))).filter((model) => model !== undefined)
			: await tx.listModels({ offset: 0, limit: Infinity, order: 'name-asc' });
		return countFromSummaries(models, criteria);
	}
	const [only, ...more] = criteria;
	if (only && more.length === 0) return sum(await Promise.all(only.map((s) => tx.countVersionKeys(s))));
	return undefined;
}
