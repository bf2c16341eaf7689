/** Pure predicates behind listModels({text}) and search(filter). */
import { metricOf } from './metrics';
import { searchSort, sortedBy } from './order';
import { type ModelListQuery, type ModelVersion, type RegisteredModel, type SearchFilter } from './types';

const contains = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle);

function tagsContain(tags: Record<string, string>, needle: string): boolean {
	return Object.entries(tags).some(([key, value]) => contains(key, needle) || contains(value, needle));
}

/**
 * One page of the versions matching a (validated) filter, in its order, from versions already in
 * memory: the definition `search` answers by, read plainly (the tests hold the indexed search to it).
 */
export function searchIn(
	versions: ModelVersion[],
	filter: SearchFilter,
	range: { offset: number; limit: number }
): { items: ModelVersion[]; total: number } {
	const found = versions.filter(versionMatches(filter));
	// `versions` are in the default order already (model name, then SemVer).
	const matching =
		filter.order === undefined ? found : sortedBy(found, searchSort(filter.order, filter.metric));
	return { items: matching.slice(range.offset, range.offset + range.limit), total: matching.length };
}

export function modelMatches(query: ModelListQuery): (model: RegisteredModel) => boolean {
	const needle = query.text?.trim().toLowerCase() ?? '';
	return (model) =>
		(query.stage === undefined || model.stageCounts[query.stage] > 0) &&
		(query.framework === undefined || model.framework === query.framework) &&
		(needle === '' ||
			contains(model.name, needle) ||
			contains(model.description, needle) ||
			tagsContain(model.tags, needle));
}

export function versionMatches(filter: SearchFilter): (version: ModelVersion) => boolean {
	const needle = filter.text?.trim().toLowerCase() ?? '';
	const stages = filter.stages?.length ? new Set(filter.stages) : undefined;
	const frameworks = filter.frameworks?.length ? new Set(filter.frameworks) : undefined;
	const tags = Object.entries(filter.tags ?? {});
	const metrics = Object.entries(filter.metrics ?? {});
	return (version) => {
		if (filter.model !== undefined && version.modelName !== filter.model) return false;
		if (stages && !stages.has(version.stage)) return false;
		if (frameworks && !frameworks.has(version.framework)) return false;
		for (const [key, value] of tags) {
			if (!Object.hasOwn(version.tags, key)) return false;
			if (value !== '*' && version.tags[key] !== value) return false;
		}
		for (const [name, range] of metrics) {
			const value = metricOf(version, name);
			if (value === undefined) return false;
			if (range.min !== undefined && value < range.min) return false;
			if (range.max !== undefined && value > range.max) return false;
		}
		return (
			needle === '' ||
			contains(version.modelName, needle) ||
			contains(version.version, needle) ||
			contains(version.description, needle) ||
			tagsContain(version.tags, needle)
		);
	};
}
