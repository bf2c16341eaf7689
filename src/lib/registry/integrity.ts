/**
 * The registry's invariants, checked over everything stored, and the repairs that lose nothing:
 * summaries are rebuilt from versions, never the other way round, and only bytes no version
 * references are deleted. Damaged or missing artifact bytes cannot be repaired here; the report
 * says which versions need them imported or registered again.
 */
import { sha256Hex } from './artifact';
import { importedVersions } from './events';
import { bucketsMatch, type SeriesBucket } from './series-summary';
import type { StoreTx, Upload } from './store';
import { keptInProduction, sameSummary } from './summary';
import {
	type ArtifactFile,
	STANDARD_METRICS,
	type ModelVersion,
	type RegisteredModel,
	type RegistryEvent,
	type WriteOptions
} from './types';
import { formatBytes } from './units';
import { standardMetricRangeBroken } from './validate-values';

export type ProblemKind =
	| 'artifact-missing'
	| 'artifact-damaged'
	| 'artifact-unreferenced'
	| 'upload-unfinished'
	| 'model-missing'
	| 'summary-stale'
	| 'extra-production'
	| 'alias-dangling'
	| 'history-mismatch'
	| 'metric-out-of-range'
	| 'chart-summary-stale';

export interface IntegrityProblem {
	kind: ProblemKind;
	/** One sentence a person can act on. */
	message: string;
	/** Whether `repair()` fixes it. */
	repairable: boolean;
	model?: string;
	version?: string;
	sha256?: string;
}

export interface IntegrityReport {
	checked: { models: number; versions: number; artifacts: number; events: number };
	problems: IntegrityProblem[];
}

/** Everything one read transaction saw. Blobs are handles; their bytes are read after it ends. */
export interface StoredContents {
	models: Map<string, RegisteredModel>;
	versionsByModel: Map<string, ModelVersion[]>;
	artifacts: Map<string, Blob>;
	/** Bytes stored while hashing that no artifact adopted (`upload.ts`). */
	uploads: Upload[];
	eventsByModel: Map<string, RegistryEvent[]>;
	bucketsByModel: Map<string, SeriesBucket[]>;
}

export async function readContents(tx: StoreTx): Promise<StoredContents> {
	const models = new Map(
		(await tx.listModels({ offset: 0, limit: Infinity, order: 'name-asc' })).map((m) => [m.name, m])
	);
	const versionsByModel = new Map<string, ModelVersion[]>();
	for (const version of (await tx.scanVersions(() => true, { offset: 0, limit: Infinity })).items) {
		const list = versionsByModel.get(version.modelName) ?? [];
		list.push(version);
		versionsByModel.set(version.modelName, list);
	}
	const artifacts = new Map<string, Blob>();
	for (const sha256 of await tx.artifactHashes()) {
		const blob = await tx.getArtifact(sha256);
		if (blob) artifacts.set(sha256, blob);
	}
	const contents = {
		models,
		versionsByModel,
		artifacts,
		uploads: await tx.strayUploads(),
		eventsByModel: new Map<string, RegistryEvent[]>(),
		bucketsByModel: new Map<string, SeriesBucket[]>()
	};
	for (const name of modelNames(contents)) {
		contents.eventsByModel.set(name, await tx.listEvents(name));
		contents.bucketsByModel.set(name, await tx.seriesBuckets(name));
	}
	return contents;
}

/** Every broken invariant in `contents`; hashes every artifact, which is the slow part. */
export async function verifyContents(
	contents: StoredContents,
	options: WriteOptions = {}
): Promise<IntegrityReport> {
	const problems: IntegrityProblem[] = [];
	const names = modelNames(contents);
	for (const name of names) {
		const versions = contents.versionsByModel.get(name) ?? [];
		problems.push(...modelProblems(name, contents.models.get(name), versions));
		problems.push(...historyProblems(versions, contents.eventsByModel.get(name) ?? []));
		problems.push(...versions.flatMap(metricProblems));
		if (!chartSummaryCurrent(contents, name))
			problems.push({
				kind: 'chart-summary-stale',
				message: `${name}'s chart summary does not match its versions, so its metric chart may be wrong.`,
				repairable: true,
				model: name
			});
	}
	problems.push(...(await artifactProblems(contents, options)));
	problems.push(...contents.uploads.map(uploadProblem));
	const count = (lists: Iterable<unknown[]>) => [...lists].reduce((sum, list) => sum + list.length, 0);
	return {
		checked: {
			models: names.size,
			versions: count(contents.versionsByModel.values()),
			artifacts: contents.artifacts.size,
			events: count(contents.eventsByModel.values())
		},
		problems
	};
}

/** Whether the model's series buckets (what its chart reads) are what its versions summarize to. */
export const chartSummaryCurrent = (contents: StoredContents, name: string) =>
	bucketsMatch(name, contents.versionsByModel.get(name) ?? [], contents.bucketsByModel.get(name) ?? []);

/** Models with a record, versions, or both. */
export const modelNames = (contents: StoredContents) =>
	new Set([...contents.models.keys(), ...contents.versionsByModel.keys()]);

function modelProblems(
	name: string,
	model: RegisteredModel | undefined,
	versions: ModelVersion[]
): IntegrityProblem[] {
	const problems: IntegrityProblem[] = [];
	const problem = (kind: ProblemKind, message: string, version?: string) =>
		problems.push({ kind, message, repairable: true, model: name, ...(version && { version }) });
	if (!model) {
		problem('model-missing', `${name} has ${versions.length} versions but no model record.`);
		return problems;
	}
	const production = versions.filter((v) => v.stage === 'production');
	if (production.length > 1) {
		const kept = keptInProduction(production, { named: model.productionVersion })!;
		problem(
			'extra-production',
			`${name} has ${production.length} production versions (${production.map((v) => v.version).join(', ')}); ` +
				`a model may have one. Repair keeps ${kept.version} and archives the others.`
		);
	}
	if (!sameSummary(model, versions))
		problem(
			'summary-stale',
			`${name}'s summary (version count, stages, latest or production version) does not match its versions.`
		);
	const existing = new Set(versions.map((v) => v.version));
	for (const [alias, version] of Object.entries(model.aliases)) {
		if (!existing.has(version))
			problem(
				'alias-dangling',
				`${name}'s alias "${alias}" points at ${version}, which does not exist.`,
				version
			);
	}
	return problems;
}

/**
 * A version's stage must be where the last stage change in its history left it. The history is
 * append-only and outlives what it tells of: a version (or its model) deleted and registered again
 * starts from its first stage, so only the changes since its last registration count.
 */
function historyProblems(versions: ModelVersion[], events: RegistryEvent[]): IntegrityProblem[] {
	const lastStage = new Map<string, unknown>();
	for (const event of events) {
		// An import sets the stage of what it adds or replaces, with or without the bundle's history.
		// After an event that names only some of them (a large import), any stage may be the import's:
		// the model's earlier stage history is forgotten.
		if (event.kind === 'model.imported') {
			const after = (event.after ?? {}) as Record<string, unknown>;
			const written = [importedVersions(after, 'added'), importedVersions(after, 'replaced')];
			if (written.some(({ count, names }) => count > names.length)) lastStage.clear();
			for (const { names } of written) for (const version of names) lastStage.delete(version);
		}
		if (event.version === undefined) continue;
		if (event.kind === 'version.registered') lastStage.delete(event.version);
		if (event.kind === 'version.stage_changed')
			lastStage.set(event.version, (event.after as { stage?: unknown } | undefined)?.stage);
	}
	return versions
		.filter((v) => lastStage.has(v.version) && lastStage.get(v.version) !== v.stage)
		.map((v) => ({
			kind: 'history-mismatch' as const,
			message: `${v.fullName} is in ${v.stage}, but its history last moved it to ${String(lastStage.get(v.version))}.`,
			repairable: false,
			model: v.modelName,
			version: v.version
		}));
}

/**
 * Standard metrics outside what they can be (accuracy 1.5, MSE −3), stored before the registry
 * checked ranges. They would top every leaderboard, and a bundle holding them is refused.
 */
export function outOfRangeMetrics(
	version: ModelVersion
): { metric: string; value: number; broken: string }[] {
	return STANDARD_METRICS.flatMap((metric) => {
		const value = version.metrics[metric];
		const broken = value === undefined ? undefined : standardMetricRangeBroken(metric, value);
		return broken ? [{ metric, value: value!, broken }] : [];
	});
}

/** Where repair keeps a standard metric's out-of-range value: a custom metric, so nothing is lost. */
export const outOfRangeName = (metric: string) => `${metric}_out_of_range`;

function metricProblems(version: ModelVersion): IntegrityProblem[] {
	return outOfRangeMetrics(version).map(({ metric, value, broken }) => ({
		kind: 'metric-out-of-range' as const,
		message:
			`${version.fullName} has ${metric} ${value}, but ${metric} ${broken}. Repair moves the value to the ` +
			`custom metric ${outOfRangeName(metric)}, so it is kept but no longer ranked as ${metric}.`,
		repairable: true,
		model: version.modelName,
		version: version.version
	}));
}

async function artifactProblems(
	contents: StoredContents,
	options: WriteOptions
): Promise<IntegrityProblem[]> {
	const problems: IntegrityProblem[] = [];
	// Each stored content, with the files (of which versions) that hold it.
	const referencing = new Map<string, Array<{ version: ModelVersion; file: ArtifactFile }>>();
	for (const versions of contents.versionsByModel.values()) {
		for (const version of versions) {
			for (const file of version.files ?? []) {
				// Pushed, not copied: a file shared by thousands of versions stays linear.
				const sharing = referencing.get(file.sha256) ?? [];
				sharing.push({ version, file });
				referencing.set(file.sha256, sharing);
			}
		}
	}
	const total = [...referencing.keys()].reduce(
		(sum, sha) => sum + (contents.artifacts.get(sha)?.size ?? 0),
		0
	);
	let done = 0;
	for (const [sha256, holders] of referencing) {
		const blob = contents.artifacts.get(sha256);
		const intact =
			blob &&
			blob.size === holders[0]!.file.size &&
			(await sha256Hex(blob, {
				signal: options.signal,
				onProgress: (bytes) => options.onProgress?.(done + bytes, total)
			})) === sha256;
		done += blob?.size ?? 0;
		if (intact) continue;
		for (const { version, file } of holders) {
			problems.push({
				kind: blob ? 'artifact-damaged' : 'artifact-missing',
				message: blob
					? `The file ${file.path} of ${version.fullName} is damaged: its bytes no longer match their SHA-256. Import or register it again.`
					: `The file ${file.path} of ${version.fullName} (${formatBytes(file.size)}) is missing. Import or register it again.`,
				repairable: false,
				model: version.modelName,
				version: version.version,
				sha256
			});
		}
	}
	for (const [sha256, blob] of contents.artifacts) {
		if (!referencing.has(sha256))
			problems.push({
				kind: 'artifact-unreferenced',
				message: `${formatBytes(blob.size)} of artifact bytes (SHA-256 ${sha256.slice(0, 12)}…) belong to no version.`,
				repairable: true,
				sha256
			});
	}
	options.onProgress?.(total, total);
	return problems;
}

/**
 * An upload no artifact adopted: its registration was interrupted (the tab closed while hashing), or
 * is still under way in another tab — which then stores its bytes again if repair removes them first.
 */
function uploadProblem(upload: Upload): IntegrityProblem {
	return {
		kind: 'upload-unfinished',
		message:
			`${formatBytes(upload.blob.size)} stored by a registration that did not finish (started ${upload.startedAt}) ` +
			`belong to no version.`,
		repairable: true
	};
}
