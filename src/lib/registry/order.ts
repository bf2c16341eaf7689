/** The orders a store pages in, as sort keys, so every store agrees with the Dexie indexes. */
import { metricOf } from './metrics';
import { semverKey } from './semver';
import {
	MODEL_STAGES,
	type ModelOrder,
	type ModelVersion,
	type RegisteredModel,
	type SearchOrder,
	type VersionListOrder,
	type VersionOrder
} from './types';

export const VERSION_ORDERS: readonly VersionOrder[] = [
	'semver-desc',
	'semver-asc',
	'created-desc',
	'created-asc'
];
/** Every order `listVersions` takes: the indexed ones first, then those sorted in memory. */
export const VERSION_LIST_ORDERS: readonly VersionListOrder[] = [
	...VERSION_ORDERS,
	'metric-desc',
	'metric-asc',
	'stage-asc',
	'stage-desc'
];
export const SEARCH_ORDERS: readonly SearchOrder[] = [
	'model-asc',
	'model-desc',
	'version-desc',
	'version-asc',
	'created-desc',
	'created-asc',
	'metric-desc',
	'metric-asc'
];
export const isMetricOrder = (order: string) => order.startsWith('metric-');

export const MODEL_ORDERS: readonly ModelOrder[] = [
	'name-asc',
	'name-desc',
	'created-desc',
	'created-asc',
	'updated-desc'
];

export const isDescending = (order: string) => order.endsWith('-desc');

/** IndexedDB's order: strings by UTF-16 code units, arrays element by element. */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
	for (let i = 0; i < Math.min(a.length, b.length); i++) {
		const x = a[i] as string;
		const y = b[i] as string;
		if (x !== y) return x < y ? -1 : 1;
	}
	return a.length - b.length;
}

/** The index key and then the primary key, as IndexedDB breaks ties. */
export function versionSortKey(version: ModelVersion, order: VersionOrder): string[] {
	const key = order.startsWith('semver') ? semverKey(version.version) : version.createdAt;
	return [version.modelName, key, version.version];
}

export function modelSortKey(model: RegisteredModel, order: ModelOrder): string[] {
	if (order.startsWith('created')) return [model.createdAt, model.name];
	if (order.startsWith('updated')) return [model.updatedAt, model.name];
	return [model.name];
}

type SortKey = string | number | undefined;
/** One sort key per column, and whether that column sorts descending. */
type SortSpec<T> = { keys: (item: T) => SortKey[]; descending: readonly boolean[] };

/**
 * Sorted by keys computed once per item (a semverKey per comparison would be slow for 100,000
 * versions). An undefined key — a version without the metric — sorts last in either direction.
 * Strings compare by code units, as IndexedDB does.
 */
export function sortedBy<T>(items: readonly T[], { keys, descending }: SortSpec<T>): T[] {
	const rows = items.map((item) => ({ item, keys: keys(item) }));
	rows.sort((a, b) => {
		for (let i = 0; i < descending.length; i++) {
			const x = a.keys[i];
			const y = b.keys[i];
			if (x === y) continue;
			if (x === undefined) return 1;
			if (y === undefined) return -1;
			return (x < y ? -1 : 1) * (descending[i] ? -1 : 1);
		}
		return 0;
	});
	return rows.map((row) => row.item);
}

const stageRank = (version: ModelVersion) => MODEL_STAGES.indexOf(version.stage);

/** How one model's versions sort in an order the store has no index for; ties: highest SemVer first. */
export function versionListSort(
	order: Exclude<VersionListOrder, VersionOrder>,
	metric: string | undefined
): SortSpec<ModelVersion> {
	const byMetric = isMetricOrder(order);
	return {
		keys: (v) => [byMetric ? metricOf(v, metric ?? '') : stageRank(v), semverKey(v.version)],
		descending: [isDescending(order), true]
	};
}

/** How search results sort; the default (`model-asc`) is the store's own scan order. */
export function searchSort(order: SearchOrder, metric: string | undefined): SortSpec<ModelVersion> {
	const down = isDescending(order);
	if (order.startsWith('model'))
		return { keys: (v) => [v.modelName, semverKey(v.version)], descending: [down, down] };
	if (order.startsWith('version'))
		return { keys: (v) => [semverKey(v.version), v.modelName], descending: [down, false] };
	if (order.startsWith('created'))
		return { keys: (v) => [v.createdAt, v.modelName, semverKey(v.version)], descending: [down, false, true] };
	return {
		keys: (v) => [metricOf(v, metric ?? ''), v.modelName, semverKey(v.version)],
		descending: [down, false, true]
	};
}
