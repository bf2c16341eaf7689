import { describeEventKind, importedVersions, type RegistryEvent } from '../registry';

const changedKeys = (event: RegistryEvent) => Object.keys((event.after ?? event.before ?? {}) as object);
const sentence = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * One history event in words, e.g. "Stage: staging → production". Every kind has the core's words
 * (`describeEventKind`); a kind whose record says more (which stage, which alias) says that too.
 */
export function describeEvent(event: RegistryEvent): string {
	const before = (event.before ?? {}) as Record<string, unknown>;
	const after = (event.after ?? {}) as Record<string, unknown>;
	const words = sentence(describeEventKind(event.kind));
	switch (event.kind) {
		case 'version.stage_changed':
			return `Stage: ${before.stage} → ${after.stage}${after.replacedBy ? ` (replaced by ${after.replacedBy})` : ''}`;
		case 'version.updated':
		case 'model.updated':
			return `Edited ${changedKeys(event).join(' and ')}`;
		case 'alias.set':
			return before.version
				? `Alias ${after.alias}: ${before.version} → ${after.version}`
				: `Alias ${after.alias} set to ${after.version}`;
		case 'alias.removed':
			return `Alias ${before.alias} removed (was ${before.version})`;
		case 'model.repaired':
			return `Repaired: ${((after.fixes ?? []) as string[]).join(' ')}`;
		case 'model.imported': {
			const added = importedVersions(after, 'added').count;
			const replaced = importedVersions(after, 'replaced').count;
			const changed = `${count(added, 'version')} added, ${replaced} replaced`;
			if (typeof after.pulledFrom === 'string') return `Pulled from MLflow (${after.pulledFrom}): ${changed}`;
			const source = typeof after.source === 'string' ? ` (${after.source})` : '';
			return `${words}${source}: ${changed}`;
		}
		case 'model.metric_direction':
			return after.metric
				? `Direction of ${after.metric}: ${after.direction} is better (was ${before.direction})`
				: words;
		case 'external':
			return event.externalKind ? `${words}: ${event.externalKind}` : words;
		case 'version.registered':
		case 'version.deleted':
		case 'model.deleted':
			return words;
	}
}
