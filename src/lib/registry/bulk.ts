/**
 * Writes to several ticked versions of one model at once: move to a stage, add or remove tags,
 * delete. Each is all-or-nothing in one store transaction: every version is read and checked before
 * anything is written, and the writes are the single actions' own steps (lifecycle.ts, edits.ts,
 * tx-steps.ts), so each changed version gets the same history event a single action writes.
 */
import { invalidInput, modelNotFound, notFound } from './errors';
import { updateVersionIn } from './edits';
import { deleteVersionIn, transitionIn } from './lifecycle';
import type { StoreTx } from './store';
import { withStageChange, withSummary } from './summary';
import { changeStage } from './tx-steps';
import type { ModelStage, ModelVersion, VersionTagChange } from './types';
import { checkKey, checkRecord, describeValue, MAX_TAG_KEY_CHARS } from './validate-basics';
import { checkVersion } from './validate-names';
import { checkTags } from './validate-values';

/**
 * At most this many versions per call: twenty pages of the version table, and one transaction a
 * browser finishes in well under a second. More is a bug in the caller or a script, not a person.
 */
export const MAX_BULK_VERSIONS = 1000;

/** The ticked versions: a list of 1 to MAX_BULK_VERSIONS valid, distinct version strings. */
export function checkVersionList(versions: unknown, field = 'versions'): string[] {
	if (!Array.isArray(versions)) {
		throw invalidInput(field, 'array', `must be a list of versions, not ${describeValue(versions)}.`);
	}
	if (versions.length === 0) throw invalidInput(field, 'required', 'tick at least one version.');
	if (versions.length > MAX_BULK_VERSIONS) {
		throw invalidInput(
			field,
			'max-items',
			`at most ${MAX_BULK_VERSIONS} versions at once, not ${versions.length}.`
		);
	}
	const seen = new Set<string>();
	return versions.map((version, i) => {
		const valid = checkVersion(version, `${field}[${i}]`);
		// A version named twice would get two history events for one change: say so rather than guess.
		if (seen.has(valid)) throw invalidInput(`${field}[${i}]`, 'unique', `${valid} is listed twice.`);
		seen.add(valid);
		return valid;
	});
}

/** A model keeps at most one production version, so only one version at a time can be promoted. */
export function checkStageTarget(versions: readonly string[], stage: ModelStage, field = 'versions'): void {
	if (stage === 'production' && versions.length > 1) {
		throw invalidInput(
			field,
			'one-production',
			`a model has at most one version in production; ${versions.length} versions cannot all move there. Tick only the version to promote.`
		);
	}
}

/** Tags to set (key → value) and tag keys to remove; at least one of them, and no key in both. */
export function checkTagChange(change: unknown): Required<VersionTagChange> {
	const record = checkRecord('change', change);
	for (const key of Object.keys(record)) {
		if (key !== 'set' && key !== 'remove') {
			throw invalidInput(`change.${key}`, 'unknown-field', 'only set and remove can be given.');
		}
	}
	const set = checkTags(record.set, 'set');
	const remove = record.remove ?? [];
	if (!Array.isArray(remove)) {
		throw invalidInput('remove', 'array', `must be a list of tag keys, not ${describeValue(remove)}.`);
	}
	remove.forEach((key, i) => checkKey(`remove[${i}]`, key as string, MAX_TAG_KEY_CHARS));
	remove.forEach((key: string, i) => {
		if (Object.hasOwn(set, key)) {
			throw invalidInput(`remove[${i}]`, 'conflict', `tag ${key} cannot be both added and removed.`);
		}
	});
	if (Object.keys(set).length === 0 && remove.length === 0) {
		throw invalidInput('set', 'required', 'give a tag to add or a tag key to remove.');
	}
	return { set, remove: remove as string[] };
}

/** Reads every ticked version; one that is missing fails the whole action before anything is written. */
async function readAll(tx: StoreTx, name: string, versions: readonly string[]): Promise<ModelVersion[]> {
	const [model, found] = await Promise.all([
		tx.getModel(name),
		Promise.all(versions.map((version) => tx.getVersion(name, version)))
	]);
	if (!model) throw modelNotFound(name);
	return found.map((version, i) => {
		if (version) return version;
		throw notFound(`Version ${versions[i]} of model ${name} does not exist. Nothing was changed.`, {
			model: name,
			version: versions[i],
			field: `versions[${i}]`
		});
	});
}

/** One timestamp for the whole action, read only once something changes (a no-op leaves the clock alone). */
function once(clock: () => string): () => string {
	let at: string | undefined;
	return () => (at ??= clock());
}

/**
 * Moves the versions to `stage`; those already there are left alone. Promoting one version archives
 * the one in production, as `transitionIn` does; the caller has checked `checkStageTarget`.
 */
export async function transitionStagesIn(
	tx: StoreTx,
	name: string,
	versions: readonly string[],
	stage: ModelStage,
	clock: () => string
): Promise<ModelVersion[]> {
	const current = await readAll(tx, name, versions);
	if (stage === 'production') return [await transitionIn(tx, name, versions[0]!, stage, clock)];
	let model = (await tx.getModel(name))!;
	const at = once(clock);
	const result: ModelVersion[] = [];
	for (const version of current) {
		if (version.stage === stage) {
			result.push(version);
			continue;
		}
		result.push(await changeStage(tx, version, stage, at()));
		model = withSummary(model, withStageChange(model, version.version, version.stage, stage));
	}
	if (result.some((v, i) => v !== current[i])) await tx.putModel({ ...model, updatedAt: at() });
	return result;
}

/** Sets and removes tags on each version; a version whose tags end up as they were is left alone. */
export async function tagVersionsIn(
	tx: StoreTx,
	name: string,
	versions: readonly string[],
	change: Required<VersionTagChange>,
	clock: () => string
): Promise<ModelVersion[]> {
	const current = await readAll(tx, name, versions);
	const at = once(clock);
	const result: ModelVersion[] = [];
	for (const version of current) {
		const kept = Object.entries(version.tags).filter(([key]) => !change.remove.includes(key));
		const tags = { ...Object.fromEntries(kept), ...change.set };
		result.push(await updateVersionIn(tx, name, version.version, { tags }, at));
	}
	return result;
}

/** Deletes each version as `deleteVersionIn` does: its aliases go, its artifact when nothing else uses it. */
export async function deleteVersionsIn(
	tx: StoreTx,
	name: string,
	versions: readonly string[],
	clock: () => string
): Promise<number> {
	await readAll(tx, name, versions);
	const at = once(clock);
	for (const version of versions) await deleteVersionIn(tx, name, version, at);
	return versions.length;
}
