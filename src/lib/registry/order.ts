/** The orders a store pages in, as sort keys, so every store agrees with the Dexie indexes. */
import { semverKey } from './semver';
import type { ModelOrder, ModelVersion, RegisteredModel, VersionOrder } from './types';

export const VERSION_ORDERS: readonly VersionOrder[] = [
	'semver-desc',
	'semver-asc',
	'created-desc',
	'created-asc'
];
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
