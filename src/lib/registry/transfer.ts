/**
 * Moving models between registries: a snapshot of models (with their versions and history) out,
 * and a plan and an all-or-nothing apply in. The bundle format (src/lib/bundle) is one carrier.
 */
import { modelNotFound, RegistryError, versionNotFound } from './errors';
import type { StoreTx } from './store';
import { collectSnapshots, eachPart } from './parts';
import { compareSemver, semverKey } from './semver';
import type { ModelVersion, RegisteredModel, RegistryEvent } from './types';

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
	/** Stops the import between parts; nothing is kept. */
	signal?: AbortSignal;
	/** Hears, after each part, how many versions the import has taken so far. */
	onVersions?: (taken: number) => void;
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

/** How many versions, or events, an export reads and hands on at a time. */
export const EXPORT_PART_SIZE = 1_000;

/**
 * The wanted models (all versions, or only some) in parts, handed to `take` one at a time — a
 * model's versions a stretch at a time in SemVer order, then its history in id order, the last part
 * possibly empty — and the artifact blobs they reference. Only one part is read ahead of `take`.
 */
export async function readParts(
	tx: StoreTx,
	wanted: Map<string, Set<string> | undefined>,
	take: (part: SnapshotPart) => Promise<void>,
	{ partSize = EXPORT_PART_SIZE, onTotal }: { partSize?: number; onTotal?: (versions: number) => void } = {}
): Promise<Map<string, Blob>> {
	if (wanted.size === 0) {
		for (const name of await tx.modelNames()) wanted.set(name, undefined);
	}
	// Every model first: a missing one is refused before any part is handed on, and the total is known.
	const names = [...wanted.keys()];
	const records = await Promise.all(names.map((name) => tx.getModel(name)));
	const stored = new Map<string, RegisteredModel>();
	records.forEach((record, i) => {
		if (!record) throw modelNotFound(names[i]!);
		stored.set(record.name, record);
	});
	onTotal?.(
		records.reduce((sum, record) => sum + (wanted.get(record!.name)?.size ?? record!.versionCount), 0)
	);
	const artifacts = new Map<string, Blob>();
	const keepFiles = async (versions: ModelVersion[]) => {
		for (const version of versions) {
			for (const { sha256 } of version.files ?? []) {
				if (artifacts.has(sha256)) continue;
				const blob = await tx.getArtifact(sha256);
				if (!blob) throw new RegistryError('INTERNAL', `The artifact ${sha256} is missing from storage.`);
				artifacts.set(sha256, blob);
			}
		}
	};
	for (const [name, only] of wanted) {
		const model = exportedModel(stored.get(name)!, only);
		const part = (versions: ModelVersion[], history: SnapshotPart['history'], more: boolean) =>
			take({ model, versions, history, ...(more && { more: true as const }) });
		if (only) {
			const versions = await tx.getVersions([...only].sort(compareSemver).map((v) => [name, v] as const));
			for (const version of only) {
				if (!versions.some((v) => v.version === version)) throw versionNotFound(name, version);
			}
			await keepFiles(versions);
			await part(versions, [], true);
		} else {
			for (let from = ''; ;) {
				const versions = await tx.versionsInKeyRange(name, from, undefined, partSize);
				if (versions.length === 0) break;
				await keepFiles(versions);
				await part(versions, [], true);
				if (versions.length < partSize) break;
				// The smallest key above the last one read.
				from = `${semverKey(versions.at(-1)!.version)}\u0000`;
			}
		}
		for (let afterId = 0; ;) {
			const events = await tx.eventsAfter(name, afterId, partSize);
			const history = events
				.filter((e) => e.version === undefined || !only || only.has(e.version))
				.map(({ id: _id, model: _model, ...event }) => event);
			const last = events.length < partSize;
			if (history.length > 0 || last) await part([], history, !last);
			if (last) break;
			afterId = events.at(-1)!.id;
		}
	}
	return artifacts;
}

/** The model's own fields as they travel: only the aliases whose versions travel with it. */
function exportedModel(model: RegisteredModel, only: Set<string> | undefined): SnapshotPart['model'] {
	const { name, description, tags, createdAt, updatedAt, metricDirections } = model;
	const aliases = Object.fromEntries(
		Object.entries(model.aliases).filter(([, version]) => !only || only.has(version))
	);
	return {
		name,
		description,
		tags,
		createdAt,
		updatedAt,
		aliases,
		...(metricDirections && Object.keys(metricDirections).length > 0 && { metricDirections })
	};
}

/** The wanted models whole, with their artifact blobs: for exports small enough to hold. */
export async function readSnapshots(
	tx: StoreTx,
	wanted: Map<string, Set<string> | undefined>
): Promise<{ snapshots: ModelSnapshot[]; artifacts: Map<string, Blob> }> {
	const parts: SnapshotPart[] = [];
	const artifacts = await readParts(tx, wanted, async (part) => {
		parts.push(part);
	});
	const snapshots = await collectSnapshots(parts);
	return { snapshots, artifacts };
}

/** How many conflicting versions a plan names per model; past that it only counts them. */
export const PLAN_NAMED = 20;

/**
 * How many added (and replaced) versions an import's `model.imported` event names; it counts them
 * all. A million-version import would otherwise write one history row of megabytes.
 */
export const IMPORT_NAMED = 100;

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
