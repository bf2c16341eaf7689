/**
 * Moving models between registries: a snapshot of models (with their versions and history) out,
 * and a plan and an all-or-nothing apply in. The bundle format (src/lib/bundle) is one carrier.
 */
import { modelNotFound, RegistryError, versionNotFound } from './errors';
import type { StoreTx } from './store';
import { emptySummary, withStageChange, withWritten } from './summary';
import { dropFilesIfUnused, settleProduction } from './tx-steps';
import type { ArtifactFile, ModelVersion, RegisteredModel, RegistryEvent } from './types';

/** A model as it travels: its own fields, its versions, and its history without ids. */
export interface ModelSnapshot {
	model: Pick<
		RegisteredModel,
		'name' | 'description' | 'tags' | 'createdAt' | 'updatedAt' | 'aliases' | 'metricDirections'
	>;
	versions: ModelVersion[];
	history: Array<Omit<RegistryEvent, 'id' | 'model'>>;
}

/**
 * A model's snapshot, or one part of it: an import takes models in parts so that a model of a
 * million versions is never whole in memory. Each part repeats the model's own fields and brings
 * some of its versions, then some of its history (all versions before any event); `more` says the
 * next part continues the same model. A whole snapshot is a part without `more`.
 */
export interface SnapshotPart extends ModelSnapshot {
	more?: true;
}

/** Snapshots as an import takes them: a list, or a stream of parts (a bundle read as it is imported). */
export type SnapshotParts = Iterable<SnapshotPart> | AsyncIterable<SnapshotPart>;

/** What to export: everything, some models, or some versions. */
export interface ExportSelection {
	models?: string[];
	versions?: Array<{ model: string; version: string }>;
}

/** What happens to a version that exists here with different content. */
export type ConflictPolicy = 'skip' | 'replace' | 'fail';

export interface ModelPlan {
	name: string;
	isNew: boolean;
	newVersions: string[];
	identical: string[];
	conflicting: string[];
}

export interface ImportPlan {
	models: ModelPlan[];
	counts: { newModels: number; newVersions: number; identical: number; conflicting: number };
}

export interface ImportOptions {
	policy: ConflictPolicy;
	/** Verified artifact bytes by SHA-256. */
	artifacts: Map<string, Blob>;
	/** Where the import came from (a file name), for the history. */
	source?: string;
	/** The MLflow server a pull came from, for the history. */
	pulledFrom?: string;
}

export interface ImportResult {
	models: number;
	added: number;
	replaced: number;
	skipped: number;
}

/** JSON with object keys sorted, so equal content compares equal whatever the key order. */
export function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
			: v
	);
}

/** Same content: every field but `updatedAt`, which moves whenever anything else does. */
export function sameVersion(a: ModelVersion, b: ModelVersion): boolean {
	const { updatedAt: _a, ...left } = a;
	const { updatedAt: _b, ...right } = b;
	return canonical(left) === canonical(right);
}

/** Every distinct artifact the snapshots reference. */
export function referencedArtifacts(snapshots: ModelSnapshot[]): Map<string, ArtifactFile> {
	const artifacts = new Map<string, ArtifactFile>();
	for (const snapshot of snapshots) {
		for (const version of snapshot.versions) {
			for (const file of version.files ?? []) artifacts.set(file.sha256, file);
		}
	}
	return artifacts;
}

/** The wanted models (all versions, or only some) with their history and artifact blobs. */
export async function readSnapshots(
	tx: StoreTx,
	wanted: Map<string, Set<string> | undefined>
): Promise<{ snapshots: ModelSnapshot[]; artifacts: Map<string, Blob> }> {
	if (wanted.size === 0) {
		for (const model of await tx.listModels({ offset: 0, limit: Infinity, order: 'name-asc' })) {
			wanted.set(model.name, undefined);
		}
	}
	const snapshots: ModelSnapshot[] = [];
	const artifacts = new Map<string, Blob>();
	for (const [name, only] of wanted) {
		const model = await tx.getModel(name);
		if (!model) throw modelNotFound(name);
		const all = await tx.listVersions(name, { offset: 0, limit: Infinity, order: 'semver-asc' });
		const versions = only ? all.filter((v) => only.has(v.version)) : all;
		for (const version of only ?? []) {
			if (!versions.some((v) => v.version === version)) throw versionNotFound(name, version);
		}
		const kept = new Set(versions.map((v) => v.version));
		const history = (await tx.listEvents(name))
			.filter((e) => e.version === undefined || kept.has(e.version))
			.map(({ id: _id, model: _model, ...event }) => event);
		const aliases = Object.fromEntries(Object.entries(model.aliases).filter(([, v]) => kept.has(v)));
		const { description, tags, createdAt, updatedAt, metricDirections } = model;
		const snapshot = {
			model: {
				name,
				description,
				tags,
				createdAt,
				updatedAt,
				aliases,
				...(metricDirections && Object.keys(metricDirections).length > 0 && { metricDirections })
			},
			versions,
			history
		};
		snapshots.push(snapshot);
		for (const sha256 of referencedArtifacts([snapshot]).keys()) {
			const blob = await tx.getArtifact(sha256);
			if (!blob) throw new RegistryError('INTERNAL', `The artifact ${sha256} is missing from storage.`);
			artifacts.set(sha256, blob);
		}
	}
	return { snapshots, artifacts };
}

/**
 * The stored versions of a model that `wanted` names, by version string: read by key, so adding one
 * version to a model of a million reads one row, or (when the bundle names most of the model) in one
 * read of the whole model, which is then the cheaper.
 */
async function storedVersions(
	tx: StoreTx,
	model: RegisteredModel | undefined,
	wanted: readonly string[]
): Promise<Map<string, ModelVersion>> {
	if (!model || model.versionCount === 0) return new Map();
	const found =
		wanted.length * 2 >= model.versionCount
			? await tx.listVersions(model.name, { offset: 0, limit: Infinity, order: 'semver-asc' })
			: await Promise.all(wanted.map((version) => tx.getVersion(model.name, version)));
	return new Map(found.flatMap((v) => (v ? [[v.version, v]] : [])));
}

/** The model record and the stored versions an import of `snapshot` touches: the versions it names and the aliases it brings. */
async function readTouched(tx: StoreTx, snapshot: ModelSnapshot) {
	const local = await tx.getModel(snapshot.model.name);
	const named = [...snapshot.versions.map((v) => v.version), ...Object.values(snapshot.model.aliases)];
	return { local, stored: await storedVersions(tx, local, [...new Set(named)]) };
}

export async function planSnapshots(tx: StoreTx, snapshots: ModelSnapshot[]): Promise<ImportPlan> {
	const models: ModelPlan[] = [];
	for (const snapshot of snapshots) {
		const name = snapshot.model.name;
		const { local, stored } = await readTouched(tx, snapshot);
		const plan: ModelPlan = { name, isNew: !local, newVersions: [], identical: [], conflicting: [] };
		for (const version of snapshot.versions) {
			const local = stored.get(version.version);
			const bucket = !local
				? plan.newVersions
				: sameVersion(local, version)
					? plan.identical
					: plan.conflicting;
			bucket.push(version.version);
		}
		models.push(plan);
	}
	const sum = (pick: (m: ModelPlan) => number) => models.reduce((total, m) => total + pick(m), 0);
	return {
		models,
		counts: {
			newModels: models.filter((m) => m.isNew).length,
			newVersions: sum((m) => m.newVersions.length),
			identical: sum((m) => m.identical.length),
			conflicting: sum((m) => m.conflicting.length)
		}
	};
}

/** Applies snapshots inside one write transaction; see ModelRegistry.importSnapshots. */
export async function applySnapshots(
	tx: StoreTx,
	snapshots: ModelSnapshot[],
	options: ImportOptions,
	at: string
): Promise<ImportResult> {
	const result: ImportResult = { models: 0, added: 0, replaced: 0, skipped: 0 };
	// Every model's current state, read at once: one wait rather than two per model. (Bundles
	// name each model once, so no model is read before an earlier step of this import wrote it.)
	const before = await Promise.all(
		snapshots.map(async (snapshot) => ({
			...(await readTouched(tx, snapshot)),
			production: await tx.versionsInStage(snapshot.model.name, 'production')
		}))
	);
	// Writes are queued without waiting for each: IndexedDB runs a transaction's requests in the
	// order they were made, so every later read sees them. Only reads are awaited in the loop.
	const writes: Array<Promise<unknown>> = [];
	const queue = (...requests: Array<Promise<unknown>>) => {
		// If a later step throws, the transaction aborts and these fail with it: that is expected.
		for (const request of requests) request.catch(() => undefined);
		writes.push(...requests);
	};
	for (const [i, snapshot] of snapshots.entries()) {
		const name = snapshot.model.name;
		// From here on `stored` is what the versions the bundle names will be once this transaction commits.
		const { local, stored, production: inProduction } = before[i]!;
		const added: string[] = [];
		const replaced: string[] = [];
		const writes: Array<{ before?: ModelVersion; after: ModelVersion }> = [];
		const displaced: ArtifactFile[] = [];
		for (const version of snapshot.versions) {
			const existing = stored.get(version.version);
			if (existing && sameVersion(existing, version)) continue;
			if (existing && options.policy === 'skip') {
				result.skipped++;
				continue;
			}
			if (existing && options.policy === 'fail') {
				throw new RegistryError(
					'CONFLICT',
					`Version ${version.version} of ${name} already exists with different content. Nothing was imported.`,
					{ model: name, version: version.version }
				);
			}
			for (const file of version.files ?? []) {
				if (await tx.hasArtifact(file.sha256)) continue;
				const blob = options.artifacts.get(file.sha256);
				if (!blob) {
					throw new RegistryError(
						'BUNDLE_INVALID',
						`The file ${file.path} of ${name}:${version.version} is missing.`
					);
				}
				await tx.putArtifact(file.sha256, blob);
			}
			writes.push({ before: existing, after: version });
			stored.set(version.version, version);
			displaced.push(...(existing?.files ?? []));
			(existing ? replaced : added).push(version.version);
		}
		const changed = writes.map((w) => w.after);
		const replacing = writes.map((w) => w.before);
		queue(tx.putVersions(changed, replacing));
		await dropFilesIfUnused(tx, displaced);
		const written = new Set([...added, ...replaced]);
		const aliases = { ...snapshot.model.aliases, ...local?.aliases };
		if (options.policy === 'replace') Object.assign(aliases, snapshot.model.aliases);
		const aliasesChanged = canonical(aliases) !== canonical(local?.aliases ?? {});
		// A model keeps its own metric directions, as it keeps its description, unless the person chose
		// "Use the bundle's" (replace). Then the bundle's take over whole: a metric missing from them is
		// at its default there, so merging would keep a choice the bundle does not make.
		const directions =
			(options.policy === 'replace' || !local ? snapshot.model : local).metricDirections ?? {};
		const directionsChanged = canonical(directions) !== canonical(local?.metricDirections ?? {});
		if (written.size === 0 && !aliasesChanged && !directionsChanged && local) continue;

		const events = snapshot.history.filter(
			(e) => !local || (e.version !== undefined && written.has(e.version))
		);
		queue(tx.appendEvents(events.map((event) => ({ ...event, model: name }))));
		// One production version per model, whatever the bundle and the registry held: the rule of
		// `keptInProduction`, under which a version this import writes in production is the newest promotion.
		// The claimants: what was in production and was not rewritten, and what this import writes there.
		const production = [
			...inProduction.filter((v) => !written.has(v.version)),
			...changed.filter((v) => v.stage === 'production')
		];
		let summary = withWritten(local ?? emptySummary(), writes);
		const evidence = { promoted: written, named: local?.productionVersion };
		const { kept: keptInProduction, archived } =
			production.length > 1
				? await settleProduction(tx, production, evidence, at, 'replacedBy')
				: { kept: production[0], archived: [] };
		for (const version of archived) {
			summary = withStageChange(summary, version.version, 'production', 'archived');
			stored.set(version.version, version);
		}
		const { productionVersion: _settled, ...rest } = summary;
		summary = { ...rest, ...(keptInProduction && { productionVersion: keptInProduction.version }) };
		// A local alias names a stored version; one the bundle brings is kept if its version is here.
		const exists = (version: string) =>
			stored.has(version) || Object.values(local?.aliases ?? {}).includes(version);
		const { description, tags, createdAt } = local ?? snapshot.model;
		queue(
			tx.putModel({
				name,
				description,
				tags,
				createdAt,
				updatedAt: local ? at : snapshot.model.updatedAt,
				aliases: Object.fromEntries(Object.entries(aliases).filter(([, v]) => exists(v))),
				...(Object.keys(directions).length > 0 && { metricDirections: directions }),
				...summary
			}),
			tx.appendEvent({
				at,
				kind: 'model.imported',
				model: name,
				after: {
					...(options.source && { source: options.source }),
					...(options.pulledFrom && { pulledFrom: options.pulledFrom }),
					added,
					replaced
				}
			})
		);
		result.models++;
		result.added += added.length;
		result.replaced += replaced.length;
	}
	await Promise.all(writes);
	return result;
}
