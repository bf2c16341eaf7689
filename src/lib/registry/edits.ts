/**
 * The writes that leave the versions as they are: descriptions, tags, aliases and metric directions. Each runs
 * inside one write transaction and appends nothing when it changes nothing.
 */
import { defaultDirection, directionOf, type MetricDirection } from './direction';
import { modelNotFound, versionNotFound } from './errors';
import { own } from './metrics';
import { modelsHoldingIn } from './reads';
import type { StoreTx } from './store';
import type { ModelPatch, ModelVersion, RegisteredModel, VersionPatch } from './types';

/** The version an alias names; an alias such as `toString` must not find what every object inherits. */
export const aliasTarget = (model: RegisteredModel | undefined, alias: string): string | undefined =>
	model && own(model.aliases, alias);

/** Only the fields a patch changed, before and after, for the history. */
function changedFields<T extends object>(before: T, patch: Partial<T>) {
	const keys = (Object.keys(patch) as (keyof T)[]).filter(
		(key) => JSON.stringify(before[key]) !== JSON.stringify(patch[key])
	);
	return {
		before: Object.fromEntries(keys.map((key) => [key, before[key]])),
		after: Object.fromEntries(keys.map((key) => [key, patch[key]]))
	};
}

export async function updateModelIn(
	tx: StoreTx,
	name: string,
	patch: ModelPatch,
	clock: () => string
): Promise<RegisteredModel> {
	const model = await tx.getModel(name);
	if (!model) throw modelNotFound(name);
	const change = changedFields(model, patch);
	if (Object.keys(change.after).length === 0) return model;
	const at = clock();
	const updated = { ...model, ...patch, updatedAt: at };
	await tx.putModel(updated);
	await tx.appendEvent({ at, kind: 'model.updated', model: name, ...change });
	return updated;
}

export async function updateVersionIn(
	tx: StoreTx,
	name: string,
	version: string,
	patch: VersionPatch,
	clock: () => string
): Promise<ModelVersion> {
	const existing = await tx.getVersion(name, version);
	if (!existing) throw versionNotFound(name, version);
	const change = changedFields(existing, patch);
	if (Object.keys(change.after).length === 0) return existing;
	const at = clock();
	const updated = { ...existing, ...patch, updatedAt: at };
	await tx.putVersion(updated);
	await tx.appendEvent({ at, kind: 'version.updated', model: name, version, ...change });
	return updated;
}

/** Points an alias at a version; an alias names one version at a time, so it moves. */
export async function setAliasIn(
	tx: StoreTx,
	name: string,
	alias: string,
	version: string,
	clock: () => string
): Promise<ModelVersion> {
	const model = await tx.getModel(name);
	const target = await tx.getVersion(name, version);
	if (!model || !target) throw versionNotFound(name, version);
	const previous = aliasTarget(model, alias);
	if (previous === version) return target;
	const at = clock();
	await tx.putModel({ ...model, aliases: { ...model.aliases, [alias]: version }, updatedAt: at });
	await tx.appendEvent({
		at,
		kind: 'alias.set',
		model: name,
		version,
		...(previous !== undefined && { before: { alias, version: previous } }),
		after: { alias, version }
	});
	return target;
}

export async function removeAliasIn(
	tx: StoreTx,
	name: string,
	alias: string,
	clock: () => string
): Promise<boolean> {
	const model = await tx.getModel(name);
	const version = aliasTarget(model, alias);
	if (!model || version === undefined) return false;
	const at = clock();
	const aliases = Object.fromEntries(Object.entries(model.aliases).filter(([key]) => key !== alias));
	await tx.putModel({ ...model, aliases, updatedAt: at });
	await tx.appendEvent({ at, kind: 'alias.removed', model: name, version, before: { alias, version } });
	return true;
}

/**
 * Records which way `metric` is better for this model. Only a choice against the name's default is
 * kept (choosing the default removes the override); a choice that changes nothing records nothing.
 */
export async function setMetricDirectionIn(
	tx: StoreTx,
	name: string,
	metric: string,
	direction: MetricDirection,
	clock: () => string
): Promise<RegisteredModel> {
	const model = await tx.getModel(name);
	if (!model) throw modelNotFound(name);
	const overrides = model.metricDirections ?? {};
	const before = directionOf(metric, overrides);
	if (before === direction) return model;
	const { [metric]: _old, ...others } = overrides;
	const metricDirections =
		direction === defaultDirection(metric) ? others : { ...others, [metric]: direction };
	const at = clock();
	const updated = { ...model, metricDirections, updatedAt: at };
	await tx.putModel(updated);
	await tx.appendEvent({
		at,
		kind: 'model.metric_direction',
		model: name,
		before: { metric, direction: before },
		after: { metric, direction }
	});
	return updated;
}

/**
 * Records which way `metric` is better for every model that has it, in one transaction: what a
 * person means by choosing it on the leaderboard across models, however many models that is.
 * Returns the models whose direction changed.
 */
export async function setMetricDirectionEverywhereIn(
	tx: StoreTx,
	metric: string,
	direction: MetricDirection,
	clock: () => string
): Promise<string[]> {
	const changed: string[] = [];
	for (const model of await modelsHoldingIn(tx, metric)) {
		if (directionOf(metric, model.metricDirections) === direction) continue;
		await setMetricDirectionIn(tx, model.name, metric, direction, clock);
		changed.push(model.name);
	}
	return changed;
}
