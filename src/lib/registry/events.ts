/**
 * The history's kinds of event in words. A `Record` over the closed `RegistryEventKind` union, so a
 * kind added to the registry without words here does not compile, and the history never shows a
 * raw `model.imported`.
 */
import type { RegistryEventKind } from './types';

export const EVENT_KIND_LABELS: Readonly<Record<RegistryEventKind, string>> = {
	'version.registered': 'registered',
	'version.stage_changed': 'moved to another stage',
	'version.updated': 'description or tags edited',
	'version.deleted': 'version deleted',
	'model.updated': 'model description or tags edited',
	'model.deleted': 'model deleted',
	'model.imported': 'imported from a bundle',
	'model.repaired': 'repaired by an integrity check',
	'alias.set': 'alias set',
	'alias.removed': 'alias removed',
	'model.metric_direction': 'which way a metric is better set',
	external: 'recorded by another tool'
};

export const EVENT_KINDS = Object.keys(EVENT_KIND_LABELS) as RegistryEventKind[];

/** A kind of event in words, e.g. 'model.imported' → 'imported from a bundle'. */
export function describeEventKind(kind: RegistryEventKind): string {
	return EVENT_KIND_LABELS[kind];
}

/**
 * Whether a kind read from elsewhere (a bundle) is one the registry records itself. Own keys only:
 * a kind such as `toString` must not pass because every object inherits it.
 */
export function isRegistryEventKind(kind: string): kind is RegistryEventKind {
	return Object.hasOwn(EVENT_KIND_LABELS, kind);
}

/** Versions an import added (or replaced): how many, and the first of them by name. */
export interface ImportedVersions {
	count: number;
	names: string[];
}

/**
 * What a `model.imported` event says it added (or replaced). It names only the first of a large
 * import and counts them all; an event written before the counts were kept names every one.
 */
export function importedVersions(
	after: Record<string, unknown>,
	which: 'added' | 'replaced'
): ImportedVersions {
	const listed = after[which];
	const names = Array.isArray(listed) ? (listed as string[]) : [];
	const count = after[`${which}Count`];
	return { count: typeof count === 'number' ? count : names.length, names };
}
