import type { MetricDirection } from './direction';

/** Where a version is in its life. At most one version of a model is in `production`. */
export const ModelStage = {
	DEVELOPMENT: 'development',
	STAGING: 'staging',
	PRODUCTION: 'production',
	ARCHIVED: 'archived'
} as const;
export type ModelStage = (typeof ModelStage)[keyof typeof ModelStage];
export const MODEL_STAGES: readonly ModelStage[] = Object.values(ModelStage);

export const ModelFramework = {
	SKLEARN: 'sklearn',
	PYTORCH: 'pytorch',
	TENSORFLOW: 'tensorflow',
	ONNX: 'onnx',
	CUSTOM: 'custom'
} as const;
export type ModelFramework = (typeof ModelFramework)[keyof typeof ModelFramework];
export const MODEL_FRAMEWORKS: readonly ModelFramework[] = Object.values(ModelFramework);

export const STANDARD_METRICS = [
	'accuracy',
	'precision',
	'recall',
	'f1Score',
	'aucRoc',
	'mse',
	'mae'
] as const;
export type StandardMetric = (typeof STANDARD_METRICS)[number];

/** The seven standard metrics at the top level (all optional); anything else under `custom`. */
export type ModelMetrics = { [K in StandardMetric]?: number } & { custom: Record<string, number> };

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * One file of a version's artifact. A version's artifact is a folder: its files by relative path,
 * each stored once by SHA-256 and shared with every version that holds the same bytes.
 */
export interface ArtifactFile {
	/** Relative, with `/` between folders (`model/config.json`); rules in `registry/file-paths.ts`. */
	path: string;
	sha256: string;
	size: number;
	mediaType: string;
}

export interface ModelVersion {
	modelName: string;
	version: string;
	/** `name:version` */
	fullName: string;
	stage: ModelStage;
	framework: ModelFramework;
	metrics: ModelMetrics;
	parameters: Record<string, JsonValue>;
	tags: Record<string, string>;
	/** Markdown. */
	description: string;
	/** The artifact's files in path order; absent when the version has none. One file is a folder of one. */
	files?: ArtifactFile[];
	createdAt: string;
	updatedAt: string;
}

export interface RegisteredModel {
	name: string;
	description: string;
	tags: Record<string, string>;
	createdAt: string;
	updatedAt: string;
	versionCount: number;
	/** How many of the model's versions are in each stage. */
	stageCounts: Record<ModelStage, number>;
	/** Highest SemVer precedence among the model's versions. */
	latestVersion?: string;
	/** The framework of the latest version. */
	framework?: ModelFramework;
	productionVersion?: string;
	/** alias → version */
	aliases: Record<string, string>;
	/** metric → which way is better, where the person chose against the name's default (`registry/direction.ts`). */
	metricDirections?: Record<string, MetricDirection>;
}

export interface Page<T> {
	items: T[];
	total: number;
	offset: number;
	limit: number;
}

/** A page of search results: `totalCapped` when counting stopped at the filter's `countUpTo`. */
export interface SearchPage extends Page<ModelVersion> {
	/** There are more matches than `total`. */
	totalCapped?: true;
}

export type VersionOrder = 'semver-desc' | 'semver-asc' | 'created-desc' | 'created-asc';
/**
 * Every order `listVersions` takes: the store's indexed ones, and those the core sorts in memory
 * (by one metric, by stage in lifecycle order).
 */
export type VersionListOrder = VersionOrder | 'metric-desc' | 'metric-asc' | 'stage-asc' | 'stage-desc';
/** Orders of search results; `model-asc` (model name, then SemVer) is the default. */
export type SearchOrder =
	| 'model-asc'
	| 'model-desc'
	| 'version-desc'
	| 'version-asc'
	| 'created-desc'
	| 'created-asc'
	| 'metric-desc'
	| 'metric-asc';
export type ModelOrder = 'name-asc' | 'name-desc' | 'created-desc' | 'created-asc' | 'updated-desc';

export interface PageQuery {
	offset?: number;
	limit?: number;
}

export interface VersionListQuery extends PageQuery {
	order?: VersionListOrder;
	/** The metric a `metric-*` order sorts by; versions without it come last either way. */
	metric?: string;
}

export interface ModelListQuery extends PageQuery {
	order?: ModelOrder;
	/** Case-insensitive substring of the name, description, or a tag key or value. */
	text?: string;
	/** Only models with at least one version in this stage. */
	stage?: ModelStage;
	/** Only models whose latest version uses this framework. */
	framework?: ModelFramework;
}

export interface MetricRange {
	min?: number;
	max?: number;
}

/** Every given criterion must hold (AND); a list of stages or frameworks matches any of them. */
export interface SearchFilter extends PageQuery {
	/** Case-insensitive substring of the model name, version, description, or a tag key or value. */
	text?: string;
	/** Exact model name. */
	model?: string;
	stages?: ModelStage[];
	frameworks?: ModelFramework[];
	/** Each tag must be present with exactly this value; `*` matches any value. */
	tags?: Record<string, string>;
	/** Standard metric names or custom metric names; a version without the metric does not match. */
	metrics?: Record<string, MetricRange>;
	order?: SearchOrder;
	/** The metric a `metric-*` order sorts by; versions without it come last either way. */
	metric?: string;
	/**
	 * Count the matches only this far (or to the page's end, if further): past it, `total` is this
	 * bound and the answer says `totalCapped`. Left out, every match is counted.
	 */
	countUpTo?: number;
}

export interface LeaderboardQuery {
	/** Rank the versions of this model only. */
	model?: string;
	/** Across models: only each model's best version. */
	bestPerModel?: boolean;
	limit?: number;
}

export type ArtifactInput = Blob | ArrayBuffer | Uint8Array;

/** A file to register under a relative path: a folder's file as the picker or a drop gives it. */
export interface FileInput {
	path: string;
	content: ArtifactInput;
}

export interface RegisterInput {
	name: string;
	version: string;
	framework?: ModelFramework;
	metrics?: Partial<Record<StandardMetric, number>> & { custom?: Record<string, number> };
	parameters?: Record<string, unknown>;
	description?: string;
	tags?: Record<string, string>;
	/** One file: a folder of one, named after the `File` (or `artifact`), keeping its media type. */
	artifact?: ArtifactInput;
	/** Several files, or a folder's, by relative path. Give this or `artifact`, not both. */
	files?: FileInput[];
}

export interface ModelPatch {
	description?: string;
	/** Replaces all tags. */
	tags?: Record<string, string>;
}

export type VersionPatch = ModelPatch;

/** Tags to add to (or change on) several versions at once, and tag keys to remove from them. */
export interface VersionTagChange {
	/** key → value: added, or replacing the value a version has. */
	set?: Record<string, string>;
	/** Keys removed; a version without the key is left as it is. */
	remove?: string[];
}

/**
 * Every kind of event the registry records; closed, so each has words (`EVENT_KIND_LABELS`).
 * `external` is an event another tool wrote into a bundle with a kind of its own: the registry
 * keeps it, and its original kind, in `externalKind`.
 */
export type RegistryEventKind =
	| 'version.registered'
	| 'version.stage_changed'
	| 'version.updated'
	| 'version.deleted'
	| 'model.updated'
	| 'model.deleted'
	| 'model.imported'
	| 'model.repaired'
	| 'alias.set'
	| 'alias.removed'
	| 'model.metric_direction'
	| 'external';

export interface RegistryEvent {
	id: number;
	at: string;
	kind: RegistryEventKind;
	/** For `external` events only: the kind the other tool gave it, kept as it came. */
	externalKind?: string;
	model: string;
	version?: string;
	before?: unknown;
	after?: unknown;
}

/** Reported while an artifact is hashed and stored: bytes of all its files, and the file under way. */
export type ProgressCallback = (done: number, total: number, file?: FileProgress) => void;

/** How far the file being hashed is: `index` of `count` files, by path. */
export interface FileProgress {
	path: string;
	index: number;
	count: number;
	done: number;
	total: number;
}

export interface WriteOptions {
	onProgress?: ProgressCallback;
	signal?: AbortSignal;
}
