/**
 * Moving models between registries: a snapshot of models (with their versions and history) out,
 * and a plan and an all-or-nothing apply in. The bundle format (src/lib/bundle) is one carrier.
 */
import { modelNotFound, RegistryError, versionNotFound } from './errors';
import type { StoreTx } from './store';
import { eachPart } from './parts';
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

/** What an import does to one model: how many of its versions are new, identical or in conflict. */
export interface ModelPlan {
	name: string;
	isNew: boolean;
	newVersions: number;
	identical: number;
	conflicting: number;
	/** The first conflicting versions (at most `PLAN_NAMED`), so that a person recognises them. */
	conflictingVersions: string[];
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

/** How many conflicting versions a plan names per model; past that it only counts them. */
export const PLAN_NAMED = 20;

/**
 * What importing the parts would do, read in one transaction: each part's versions are looked up by
 * key, so the cost follows the bundle, and only counts (and a few conflicting names) are kept.
 */
export async function planSnapshots(tx: StoreTx, parts: SnapshotParts): Promise<ImportPlan> {
	const models: ModelPlan[] = [];
	for await (const { part, first } of eachPart(tx, parts)) {
		const name = part.model.name;
		if (first) {
			const local = await tx.getModel(name);
			models.push({
				name,
				isNew: !local,
				newVersions: 0,
				identical: 0,
				conflicting: 0,
				conflictingVersions: []
			});
		}
		const plan = models.at(-1)!;
		const stored = plan.isNew
			? []
			: await tx.getVersions(part.versions.map((v) => [name, v.version] as const));
		const byVersion = new Map(stored.map((v) => [v.version, v]));
		for (const version of part.versions) {
			const local = byVersion.get(version.version);
			if (!local) plan.newVersions++;
			else if (sameVersion(local, version)) plan.identical++;
			else if (plan.conflicting++ < PLAN_NAMED) plan.conflictingVersions.push(version.version);
		}
	}
	const sum = (pick: (m: ModelPlan) => number) => models.reduce((total, m) => total + pick(m), 0);
	return {
		models,
		counts: {
			newModels: models.filter((m) => m.isNew).length,
			newVersions: sum((m) => m.newVersions),
			identical: sum((m) => m.identical),
			conflicting: sum((m) => m.conflicting)
		}
	};
}
