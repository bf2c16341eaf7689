/**
 * The writes that change which versions a model has or where they are in their life: register,
 * stage change, delete. Each runs inside one write transaction and keeps the model's summary in
 * step through `summary.ts`.
 */
import { RegistryError, versionNotFound } from './errors';
import type { StoreTx } from './store';
import {
	emptySummary,
	needsNextLatest,
	withAdded,
	withRemoved,
	withStageChange,
	withSummary
} from './summary';
import type { PreparedFiles } from './artifact';
import { changeStage, dropFilesIfUnused, settleProduction, storeFiles } from './tx-steps';
import type { ModelStage, ModelVersion, RegisteredModel } from './types';
import type { ValidRegistration } from './validate';

/** Stores a new version, its files' bytes (hashed already, outside the transaction) and its event. */
export async function registerIn(
	tx: StoreTx,
	valid: ValidRegistration,
	prepared: PreparedFiles,
	clock: () => string
): Promise<ModelVersion> {
	// Both reads in one wait, and the three writes below queued together: fewer round trips.
	const [existing, stored] = await Promise.all([
		tx.getVersion(valid.name, valid.version),
		tx.getModel(valid.name)
	]);
	if (existing) {
		throw new RegistryError(
			'DUPLICATE_VERSION',
			`Version ${valid.version} of ${valid.name} already exists. Choose another version number.`,
			{ model: valid.name, version: valid.version }
		);
	}
	const at = clock();
	const model = stored ?? newModel(valid.name, at);
	const version: ModelVersion = {
		modelName: valid.name,
		version: valid.version,
		fullName: `${valid.name}:${valid.version}`,
		stage: 'development',
		framework: valid.framework,
		metrics: valid.metrics,
		parameters: valid.parameters,
		tags: valid.tags,
		description: valid.description,
		...(prepared.files.length > 0 && { files: prepared.files }),
		createdAt: at,
		updatedAt: at
	};
	await storeFiles(tx, prepared);
	await Promise.all([
		tx.putVersion(version),
		tx.putModel({ ...withSummary(model, withAdded(model, version)), updatedAt: at }),
		tx.appendEvent({
			at,
			kind: 'version.registered',
			model: valid.name,
			version: valid.version,
			after: version
		})
	]);
	return version;
}

/** Moving a version to production archives the one that was there: the promotion made last wins. */
export async function transitionIn(
	tx: StoreTx,
	name: string,
	version: string,
	stage: ModelStage,
	clock: () => string
): Promise<ModelVersion> {
	const current = await tx.getVersion(name, version);
	const model = await tx.getModel(name);
	if (!current || !model) throw versionNotFound(name, version);
	if (current.stage === stage) return current;
	const at = clock();
	let record = model;
	if (stage === 'production') {
		const previous = await tx.versionsInStage(name, 'production');
		const { archived } = await settleProduction(
			tx,
			[...previous, current],
			{ promoted: new Set([version]) },
			at,
			'replacedBy'
		);
		for (const v of archived)
			record = withSummary(record, withStageChange(record, v.version, 'production', 'archived'));
	}
	const updated = await changeStage(tx, current, stage, at);
	await tx.putModel({
		...withSummary(record, withStageChange(record, version, current.stage, stage)),
		updatedAt: at
	});
	return updated;
}

/** Removes a version, its aliases, and its artifact when no other version references those bytes. */
export async function deleteVersionIn(
	tx: StoreTx,
	name: string,
	version: string,
	clock: () => string
): Promise<boolean> {
	const existing = await tx.getVersion(name, version);
	const model = await tx.getModel(name);
	if (!existing || !model) return false;
	const at = clock();
	await tx.deleteVersion(name, version);
	await dropFilesIfUnused(tx, existing.files);
	// "Latest" after deleting the latest costs one step of the SemVer index, not a read of every version.
	const nextLatest = needsNextLatest(model, version)
		? (await tx.listVersions(name, { offset: 0, limit: 1, order: 'semver-desc' }))[0]
		: undefined;
	const aliases = Object.fromEntries(Object.entries(model.aliases).filter(([, v]) => v !== version));
	await tx.putModel({
		...withSummary(model, withRemoved(model, existing, nextLatest)),
		aliases,
		updatedAt: at
	});
	await tx.appendEvent({ at, kind: 'version.deleted', model: name, version, before: existing });
	return true;
}

/** Removes a model with all its versions, aliases and unshared artifacts. Its history is kept. */
export async function deleteModelIn(tx: StoreTx, name: string, clock: () => string): Promise<boolean> {
	const model = await tx.getModel(name);
	if (!model) return false;
	const versions = await tx.listVersions(name, { offset: 0, limit: Infinity, order: 'semver-asc' });
	for (const version of versions) await tx.deleteVersion(name, version.version);
	for (const version of versions) await dropFilesIfUnused(tx, version.files);
	await tx.deleteModel(name);
	await tx.appendEvent({
		at: clock(),
		kind: 'model.deleted',
		model: name,
		before: { ...model, versions: versions.map((v) => v.version) }
	});
	return true;
}

function newModel(name: string, at: string): RegisteredModel {
	return {
		name,
		description: '',
		tags: {},
		createdAt: at,
		updatedAt: at,
		aliases: {},
		...emptySummary()
	};
}
