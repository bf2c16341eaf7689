/**
 * Moving models between registries: a snapshot of models (with their versions and history) out,
 * and a plan and an all-or-nothing apply in. The bundle format (src/lib/bundle) is one carrier.
 */
import { compareSemver } from './semver';
import type { ArtifactInfo, ModelStage, ModelVersion, RegisteredModel, RegistryEvent } from './types';

/** A model as it travels: its own fields, its versions, and its history without ids. */
export interface ModelSnapshot {
	model: Pick<RegisteredModel, 'name' | 'description' | 'tags' | 'createdAt' | 'updatedAt' | 'aliases'>;
	versions: ModelVersion[];
	history: Array<Omit<RegistryEvent, 'id' | 'model'>>;
}

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

export function summarize(
	versions: ModelVersion[]
): Pick<
	RegisteredModel,
	'versionCount' | 'stageCounts' | 'latestVersion' | 'productionVersion' | 'framework'
> {
	const stageCounts: Record<ModelStage, number> = { development: 0, staging: 0, production: 0, archived: 0 };
	let latest: ModelVersion | undefined;
	let production: string | undefined;
	for (const version of versions) {
		stageCounts[version.stage]++;
		if (!latest || compareSemver(version.version, latest.version) > 0) latest = version;
		if (version.stage === 'production') production = version.version;
	}
	return {
		versionCount: versions.length,
		stageCounts,
		...(latest && { latestVersion: latest.version, framework: latest.framework }),
		...(production && { productionVersion: production })
	};
}

/** Every distinct artifact the snapshots reference. */
export function referencedArtifacts(snapshots: ModelSnapshot[]): Map<string, ArtifactInfo> {
	const artifacts = new Map<string, ArtifactInfo>();
	for (const snapshot of snapshots) {
		for (const version of snapshot.versions) {
			if (version.artifact) artifacts.set(version.artifact.sha256, version.artifact);
		}
	}
	return artifacts;
}
