/**
 * "Count them all" without reading the matches. In Chromium every index entry counted or read costs
 * a lookup of its record (about 10 µs; a row about 35: `docs/architecture.md`, "Counting lazily"),
 * so a count through an index grows with the matches; the models' summaries, kept current with every
 * change, do not.
 */
import type { CountedSelector, StoreTx } from './store';

const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);

/**
 * How many versions a search without text selects (`criteria`: each a list of selectors a version
 * meets one of), or `undefined` when only reading them tells:
 * - selecting by nothing but a model and stages, from the models' `versionCount` and `stageCounts`,
 *   reading one record per model;
 * - one other criterion alone, from its index (a version has one stage and one framework, so the
 *   counts of several add up).
 */
export async function countWithoutRows(
	tx: StoreTx,
	criteria: CountedSelector[][]
): Promise<number | undefined> {
	const selectors = criteria.flat();
	const named = selectors.flatMap((s) => ('model' in s ? [s.model] : []));
	const stages = selectors.flatMap((s) => ('stage' in s ? [s.stage] : []));
	if (named.length + stages.length === selectors.length) {
		const models = named.length
			? (await Promise.all(named.map((name) => tx.getModel(name)))).filter((model) => model !== undefined)
			: await tx.listModels({ offset: 0, limit: Infinity, order: 'name-asc' });
		return sum(
			models.map((model) =>
				stages.length ? sum(stages.map((stage) => model.stageCounts[stage])) : model.versionCount
			)
		);
	}
	const [only, ...more] = criteria;
	if (only && more.length === 0) return sum(await Promise.all(only.map((s) => tx.countVersionKeys(s))));
	return undefined;
}
