/**
 * The one typed API between the page and the registry worker. The page calls it through
 * `client.ts`; `api.ts` implements it with a ModelRegistry on IndexedDB, and `registry.worker.ts`
 * exposes that. Every method returns a Promise, so the in-process api and the Comlink remote have
 * the same shape. Errors arrive as RegistryError (see `errors.ts`); artifacts travel as Blobs, which
 * are handles, not copies.
 */
import type {
	ConflictPolicy,
	ExportSelection,
	FileInput,
	FileProgress,
	ImportPlan,
	ImportResult,
	IntegrityReport,
	LeaderboardEntry,
	MetricDirection,
	LeaderboardQuery,
	MetricSeries,
	ModelListQuery,
	ModelPatch,
	ModelStage,
	ModelVersion,
	Page,
	RegisteredModel,
	RegisterInput,
	RegistryEvent,
	SearchFilter,
	SearchPage,
	VersionListQuery,
	VersionPatch,
	VersionTagChange
} from '../registry';
import type { VersionKey } from '../registry/change-tracking-store';
import type { ModelSummary } from '../formats';
import type { ServerInput } from '../sync/server-input';
import type {
	ConnectionReport,
	MlflowServer,
	PullPreview,
	PullRequest,
	PushPreview,
	PushResult,
	RemoteModel
} from '../sync/types';

/** Progress of long work, in its own units (bytes while hashing, versions while generating). */
/** Bytes done of the total; while a version's files are hashed, also the file under way. */
export type ProgressListener = (done: number, total: number, file?: FileProgress) => void;

export interface ImportPreview {
	importId: string;
	plan: ImportPlan;
	generator: string;
	exportedAt: string;
	models: number;
	versions: number;
	artifacts: number;
	artifactBytes: number;
}

export interface SampleDataResult {
	models: number;
	versions: number;
}

export interface RegistryApi {
	listModels(query?: ModelListQuery): Promise<Page<RegisteredModel>>;
	getModel(name: string): Promise<RegisteredModel | undefined>;
	listVersions(name: string, query?: VersionListQuery): Promise<Page<ModelVersion>>;
	getVersion(name: string, version: string): Promise<ModelVersion | undefined>;
	getLatest(name: string): Promise<ModelVersion | undefined>;
	getProductionModel(name: string): Promise<ModelVersion | undefined>;
	getByAlias(name: string, alias: string): Promise<ModelVersion | undefined>;
	search(filter?: SearchFilter): Promise<SearchPage>;
	history(name: string, version?: string, query?: { newest?: number }): Promise<RegistryEvent[]>;
	/** One of the version's files by its path. */
	loadFile(name: string, version: string, path: string): Promise<Blob>;
	/**
	 * What the version's model files say (safetensors, ONNX, GGUF, MLmodel, config.json), read by ranges
	 * without running anything; a file that cannot be read says why. Kept by content, so read once.
	 */
	readModel(name: string, version: string): Promise<ModelSummary>;
	/** The same for files not registered yet: what the register form shows, and the framework it suggests. */
	inspectFiles(files: FileInput[]): Promise<ModelSummary>;
	metricSeries(name: string): Promise<MetricSeries>;
	leaderboard(metric: string, query?: LeaderboardQuery): Promise<LeaderboardEntry[]>;
	knownMetrics(): Promise<string[]>;
	/** Which way `leaderboard(metric, { model })` ranks. */
	leaderboardDirection(metric: string, model?: string): Promise<MetricDirection>;

	/** `taskId` lets `cancel(taskId)` stop the hashing; `onProgress` must be a `Comlink.proxy`. */
	register(input: RegisterInput, taskId?: string, onProgress?: ProgressListener): Promise<ModelVersion>;
	transitionStage(name: string, version: string, stage: ModelStage): Promise<ModelVersion>;
	updateModel(name: string, patch: ModelPatch): Promise<RegisteredModel>;
	updateVersion(name: string, version: string, patch: VersionPatch): Promise<ModelVersion>;
	setAlias(name: string, alias: string, version: string): Promise<ModelVersion>;
	removeAlias(name: string, alias: string): Promise<boolean>;
	/** Which way `metric` is better for model `name`; kept in bundles and history, announced to every tab. */
	setMetricDirection(name: string, metric: string, direction: MetricDirection): Promise<RegisteredModel>;
	/** The same for every model that has `metric`, in one transaction; resolves to the models that changed. */
	setMetricDirectionEverywhere(metric: string, direction: MetricDirection): Promise<string[]>;
	deleteVersion(name: string, version: string): Promise<boolean>;
	deleteModel(name: string): Promise<boolean>;
	/** Several versions of one model at once, each all or nothing (`registry/bulk.ts`); announced as one change. */
	transitionStages(name: string, versions: string[], stage: ModelStage): Promise<ModelVersion[]>;
	tagVersions(name: string, versions: string[], change: VersionTagChange): Promise<ModelVersion[]>;
	/** Resolves to how many versions were deleted. */
	deleteVersions(name: string, versions: string[]): Promise<number>;
	loadSampleData(taskId?: string, onProgress?: ProgressListener): Promise<SampleDataResult>;

	/**
	 * Writes a bundle to `target` (a file the user chose) or returns it as a Blob. Progress in two
	 * stretches: versions written to the manifest, then artifact bytes.
	 */
	exportBundle(
		selection: ExportSelection,
		target?: FileSystemFileHandle,
		taskId?: string,
		onProgress?: ProgressListener
	): Promise<Blob | undefined>;
	/**
	 * Reads and validates a bundle and plans its import, a part at a time; nothing is written. The
	 * worker keeps the opened file (not its records) until `applyImport` or `discardImport`.
	 */
	previewImport(file: Blob): Promise<ImportPreview>;
	/**
	 * Verifies every artifact, then applies the previewed import in one transaction. Progress in two
	 * stretches: artifact bytes hashed, then versions applied. Cancelling stops either; nothing is kept.
	 */
	applyImport(
		importId: string,
		policy: ConflictPolicy,
		taskId?: string,
		onProgress?: ProgressListener
	): Promise<ImportResult>;
	/** Forgets a previewed import the user cancelled, and the bundle it holds. */
	discardImport(importId: string): Promise<void>;
	/** Removes every model, version, artifact and event. */
	wipe(): Promise<void>;
	/** Checks every invariant; progress in artifact bytes hashed. */
	verify(taskId?: string, onProgress?: ProgressListener): Promise<IntegrityReport>;
	/** Fixes what `verify` calls repairable; returns what it did, one sentence each. */
	repair(): Promise<string[]>;
	/** Stops the task started with this id; a task that already ended is left alone. */
	cancel(taskId: string): Promise<void>;
	/** The version's files as one zip, each at its path, stored as it is. Progress in file bytes. */
	zipFolder(name: string, version: string, taskId?: string, onProgress?: ProgressListener): Promise<Blob>;

	/** The MLflow servers this browser knows (credentials included: they never leave this browser). */
	listServers(): Promise<MlflowServer[]>;
	/** Adds a server, or changes the one with this id; the input is checked first. */
	saveServer(input: ServerInput, id?: string): Promise<MlflowServer>;
	removeServer(id: string): Promise<void>;
	/** What the server answers: its version, its models, whether it serves files. A refusal says why. */
	testConnection(input: ServerInput, taskId?: string): Promise<ConnectionReport>;
	listRemoteModels(serverId: string, taskId?: string): Promise<RemoteModel[]>;
	/**
	 * Fetches the chosen models from the server and plans them like a bundle import; nothing is
	 * written. Progress in versions fetched. The worker keeps what it fetched until applied or discarded.
	 */
	previewPull(
		serverId: string,
		request: PullRequest,
		taskId?: string,
		onProgress?: ProgressListener
	): Promise<PullPreview>;
	/** Applies a previewed pull in one transaction, as an import; then remembers how far it got. */
	applyPull(pullId: string, policy: ConflictPolicy, taskId?: string): Promise<ImportResult>;
	discardPull(pullId: string): Promise<void>;
	/** Which of these versions the server holds already, and what MLflow cannot carry of them. */
	previewPush(
		serverId: string,
		versions: Array<{ model: string; version: string }>,
		taskId?: string
	): Promise<PushPreview>;
	/**
	 * Pushes a previewed push's versions — those of `only`, when given — resumable, never duplicating.
	 * Progress in bytes uploaded.
	 */
	push(
		pushId: string,
		only?: Array<{ model: string; version: string }>,
		taskId?: string,
		onProgress?: ProgressListener
	): Promise<PushResult>;
	discardPush(pushId: string): Promise<void>;
}

/** Announced on the BroadcastChannel after every committed change, to every tab. */
export interface RegistryChange {
	kind:
		| 'registered'
		| 'stage-changed'
		| 'version-updated'
		| 'version-deleted'
		| 'model-updated'
		| 'model-deleted'
		| 'alias-changed'
		| 'metric-direction'
		| 'sample-data'
		/** A bundle import, or a pull from an MLflow server. */
		| 'imported'
		| 'wiped'
		| 'repaired'
		/** Work of several transactions failed after some of them committed. */
		| 'interrupted';
	model?: string;
	version?: string;
	/** Every version the change put or deleted; absent when there were too many to list. */
	versions?: readonly VersionKey[];
}

export const CHANGES_CHANNEL = 'model-registry-changes';

/** The IndexedDB database the app keeps its registry in (one origin under file://: keep it specific). */
export const APP_DATABASE_NAME = 'model-registry';

/** Held while an import is applied, so two tabs never interleave their imports. */
export const IMPORT_LOCK = 'model-registry-import';

/** Progress reports cross the worker boundary at most this often. */
export const PROGRESS_THROTTLE_MS = 100;
