import type { RegistryEvent } from '../registry';

const changedKeys = (event: RegistryEvent) => Object.keys((event.after ?? event.before ?? {}) as object);

/** One history event in words, e.g. "Stage: staging → production". */
export function describeEvent(event: RegistryEvent): string {
	const before = (event.before ?? {}) as Record<string, unknown>;
	const after = (event.after ?? {}) as Record<string, unknown>;
	switch (event.kind) {
		case 'version.registered':
			return 'Registered';
		case 'version.stage_changed':
			return `Stage: ${before.stage} → ${after.stage}${after.replacedBy ? ` (replaced by ${after.replacedBy})` : ''}`;
		case 'version.updated':
		case 'model.updated':
			return `Edited ${changedKeys(event).join(' and ')}`;
		case 'version.deleted':
			return 'Version deleted';
		case 'model.deleted':
			return 'Model deleted';
		case 'alias.set':
			return before.version
				? `Alias ${after.alias}: ${before.version} → ${after.version}`
				: `Alias ${after.alias} set to ${after.version}`;
		case 'model.repaired':
			return `Repaired: ${((after.fixes ?? []) as string[]).join(' ')}`;
		case 'alias.removed':
			return `Alias ${before.alias} removed (was ${before.version})`;
		case 'external':
			// Another tool's event: its own kind is all the history knows of it.
			return event.externalKind ?? event.kind;
		default:
			return event.kind;
	}
}
