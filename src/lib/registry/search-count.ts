/**
 * "Count them all" without reading the matches. In Chromium every index entry counted or read costs
 * a lookup of its record (about 10 µs; a row about 35: `docs/architecture.md`, "Counting lazily"),
 * so a count through an index grows with the matches; the models' summaries, kept current with every
 * change, do not.
 */
import type { CountedSelector, StoreTx } from './store';
import type { SearchFilter } from './types';

const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);

/**
 * How many versions a search without text selects, or `undefined` when only reading them tells:
 * - asking for nothing but a model and stages, from the models' `versionCount` and `stageCounts`,
 *   reading one record per model;
 * - one other criterion alone, from its index (a version has one stage and one framework, so the
 *   counts of several add up).
 */
export async function countWithoutRows(
	tx: StoreTx,
	filter: SearchFilter,
	criteria: CountedSelector[][]
): Promise<number | undefined> {
	const others = criteria.length - (filter.model === undefined ? 0 : 1) - (filter.stages?.length ? 1 : 0);
	if (others === 0) {
		const models =
			filter.model === undefined
				? await tx.listModels({ offset: 0, limit: Infinity, order: 'name-asc' })
				: [await tx.getModel(filter.model)].filter((model) => model !== undefined);
		const stages = [...new Set(filter.stages)];
		return sum(
			models.map((model) =>
				stages.length ? sum(stages.map((stage) => model.stageCounts[stage])) : model.versionCount
			)
		);
	}
	if (criteria.length === 1) return sum(await Promise.all(criteria[0]!.map((s) => tx.countVersionKeys(s))));
	return undefined;
}
