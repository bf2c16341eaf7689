/**
 * What a `VersionSelector` means, row by row: how many index entries of one version it selects (0:
 * not selected). The in-memory store answers selectors with it, and counts entries as the IndexedDB
 * store's multi-entry indexes hold them, so both stores give up on an unselective criterion alike.
 */
import { metricOf } from './metrics';
import type { OrderedSelector, VersionSelector } from './store';
import { LONG_TEXT, textGrams } from './text-grams';
import type { ModelVersion } from './types';

/** Whether the selector's index lists versions in search order (see `OrderedSelector`). */
export function isOrdered(selector: VersionSelector): selector is OrderedSelector {
	return (
		'stage' in selector ||
		'framework' in selector ||
		'gram' in selector ||
		('tag' in selector && selector.value !== undefined)
	);
}

export function selectorEntries(version: ModelVersion, selector: VersionSelector): number {
	if ('model' in selector) return Number(version.modelName === selector.model);
	if ('stage' in selector) return Number(version.stage === selector.stage);
	if ('framework' in selector) return Number(version.framework === selector.framework);
	if ('tag' in selector) {
		if (!Object.hasOwn(version.tags, selector.tag)) return 0;
		return Number(selector.value === undefined || version.tags[selector.tag] === selector.value);
	}
	if ('metric' in selector) {
		const value = metricOf(version, selector.metric);
		if (value === undefined) return 0;
		return Number((selector.min ?? -Infinity) <= value && value <= (selector.max ?? Infinity));
	}
	const grams = textGrams(version);
	if ('gram' in selector) return Number(grams.includes(selector.gram));
	if ('longText' in selector) return Number(grams.includes(LONG_TEXT));
	const { gramPrefix } = selector;
	return grams.filter((gram) => typeof gram === 'string' && gram.startsWith(gramPrefix)).length;
}
