/**
 * The storage port. The registry's rules (duplicate checks, production demotion, artifact
 * reference counting) run once, in ModelRegistry, inside one store transaction; stores only
 * keep records and answer indexed reads, so every store behaves the same.
 */
import type { MetricDirection } from './direction';
import type { SeriesBucket } from './series-summary';
import type {
	ModelFramework,
	ModelOrder,
	ModelStage,
	ModelVersion,
	RegisteredModel,
	RegistryEvent,
	VersionOrder
} from './types';

export interface Range {
	offset: number;
	/** `Infinity` reads to the end. */
	limit: number;
}

export interface BestQuery {
	model?: string;
	direction: MetricDirection;
	limit: number;
}

/** A file's bytes stored under a provisional id while they are hashed. */
export interface Upload {
	id: string;
	blob: Blob;
	/** When the registration that stored it began (ISO): verify tells an old leftover from one under way. */
	startedAt: string;
}

/** A version's primary key: `[modelName, version]`. */
export type VersionKey = readonly [model: string, version: string];

/** Where a version stands in search order: `[modelName, semverKey]`. */
export type SearchKey = readonly [model: string, semverKey: string];

/**
 * A criterion whose index lists the versions it selects in search order (the index key ends with
 * the model name and the SemVer key), so a walk through it visits them in the order search returns.
 */
export type OrderedSelector =
	| { stage: ModelStage }
	| { framework: ModelFramework }
	| { tag: string; value: string }
	/** A text token (`registry/text-grams.ts`) equal to `gram`. */
	| { gram: string };

/** One criterion a store answers from an index of its own: which versions it selects. */
export type VersionSelector =
	| OrderedSelector
	| { model: string }
	/** A tag with any value. */
	| { tag: string; value?: undefined }
	/** A metric within the range, ends included; a version without the metric is not selected. */
	| { metric: string; min?: number; max?: number }
	/** A text token starting with `gramPrefix`. */
	| { gramPrefix: string }
	/** A field longer than its text tokens cover (`LONG_TEXT`). */
	| { longText: true };

/** The selectors an index counts exactly: one entry per version selected. */
export type CountedSelector = Exclude<VersionSelector, { gramPrefix: string }>;

/**
 * The keys a selector selects, or past the cap only that there are more; then, for an ordered
 * selector, how far into search order its first `cap` + 1 versions reach (the further, the sparser).
 */
export type Selected = { keys: VersionKey[] } | { more: true; reached?: SearchKey };

/** Where a walk in search order goes: the versions of these models (else of all) that `through` selects (else all). */
export interface VersionWalk {
	/** In search order already (by name; reversed when `descending`). */
	models?: readonly string[];
	through?: OrderedSelector;
	descending: boolean;
	/** How many rows the walk visits if each matches: the size of its first read (later ones grow). */
	expected?: number;
}

export interface Scan<T> {
	items: T[];
	total: number;
}

/**
 * Operations inside one transaction. A write transaction is atomic: if its function throws,
 * nothing it wrote is kept. Inside it, await only these operations, and anything else through
 * `waitFor` (IndexedDB commits a transaction as soon as it waits on anything else).
 */
export interface StoreTx {
	getModel(name: string): Promise<RegisteredModel | undefined>;
	putModel(model: RegisteredModel): Promise<void>;
	deleteModel(name: string): Promise<void>;
	countModels(): Promise<number>;
	listModels(range: Range & { order: ModelOrder }): Promise<RegisteredModel[]>;
	/** Models matching `match`, in the order asked for: the page asked for and how many match in all. */
	scanModels(
		match: (model: RegisteredModel) => boolean,
		range: Range & { order: ModelOrder }
	): Promise<Scan<RegisteredModel>>;

	getVersion(model: string, version: string): Promise<ModelVersion | undefined>;
	putVersion(version: ModelVersion): Promise<void>;
	/**
	 * Many at once: one request instead of one per version, for imports. `replacing`, when the caller
	 * read them in this transaction, is the row each replaces as stored (undefined: none), so that
	 * the series upkeep need not read them again; the stores themselves ignore it.
	 */
	putVersions(versions: ModelVersion[], replacing?: Array<ModelVersion | undefined>): Promise<void>;
	deleteVersion(model: string, version: string): Promise<void>;
	listVersions(model: string, range: Range & { order: VersionOrder }): Promise<ModelVersion[]>;
	versionsInStage(model: string, stage: ModelStage): Promise<ModelVersion[]>;
	/** Versions matching `match`, by model name then SemVer precedence. */
	scanVersions(match: (version: ModelVersion) => boolean, range: Range): Promise<Scan<ModelVersion>>;
	/**
	 * The keys of the versions `selector` selects, in no particular order, read from an index and no
	 * further than `cap` + 1 index entries: past `cap`, only that there are more, so the cost follows `cap`.
	 */
	selectVersionKeys(selector: VersionSelector, cap: number): Promise<Selected>;
	/**
	 * How many versions `selector` selects, counted in its index without reading a key or a row. Only
	 * for selectors whose index holds at most one entry per version (a text prefix may hold several).
	 */
	countVersionKeys(selector: CountedSelector): Promise<number>;
	/** The versions with these keys, in the same order; keys of no version are left out. */
	getVersions(keys: readonly VersionKey[]): Promise<ModelVersion[]>;
	/**
	 * Visits versions in search order (model name, then SemVer precedence; both reversed when
	 * `descending`) until `visit` answers false or they run out. Reads in growing chunks, so a walk
	 * stopped early reads little more than it visited.
	 */
	walkVersions(walk: VersionWalk, visit: (version: ModelVersion) => boolean): Promise<void>;
	/** Every model's name, in name order (as IndexedDB orders strings). */
	modelNames(): Promise<string[]>;
	/** Every metric name some stored version has, in no particular order. */
	metricNames(): Promise<string[]>;
	/**
	 * Versions that have `metric`, of one model or of all, best first by `direction`: the best
	 * `limit` of them and every further version that ties the last one, so that the caller can break
	 * ties by its own rule. Served from an index: the cost follows `limit`, not the registry.
	 */
	bestByMetric(metric: string, query: BestQuery): Promise<ModelVersion[]>;
	/** Each model's best versions by `metric` (more than one where they tie); a model without it has none. */
	bestOfEachModel(metric: string, direction: MetricDirection): Promise<ModelVersion[]>;
	/**
	 * The model's versions whose `semverKey` is in `[from, before)` (to the end without `before`), in
	 * SemVer order; the first `limit` of them, when given (an export reads a model a stretch at a time).
	 */
	versionsInKeyRange(model: string, from: string, before?: string, limit?: number): Promise<ModelVersion[]>;
	/** How many of the model's versions have a `semverKey` in `[from, before)`. */
	countVersionsInKeyRange(model: string, from: string, before: string): Promise<number>;

	/**
	 * The series buckets (`series-summary.ts`). Both stores keep them current themselves
	 * (`series-upkeep.ts`); the registry only reads them.
	 */
	seriesBuckets(model: string): Promise<SeriesBucket[]>;
	/** The bucket holding `key`: the model's last one starting at or below it. */
	seriesBucketAt(model: string, key: string): Promise<SeriesBucket | undefined>;
	/** The bucket after the one starting at `from`. */
	seriesBucketAfter(model: string, from: string): Promise<SeriesBucket | undefined>;
	putSeriesBuckets(buckets: SeriesBucket[]): Promise<void>;
	/** The buckets starting at `froms`, or all of the model's. */
	deleteSeriesBuckets(model: string, froms?: string[]): Promise<void>;

	/** How many versions reference the artifact with this SHA-256. */
	countArtifactRefs(sha256: string): Promise<number>;

	hasArtifact(sha256: string): Promise<boolean>;
	/** The SHA-256 of every stored artifact, referenced or not. */
	artifactHashes(): Promise<string[]>;
	getArtifact(sha256: string): Promise<Blob | undefined>;
	putArtifact(sha256: string, blob: Blob): Promise<void>;
	/** Deletes the artifact and, when it was adopted from an upload, the upload's bytes. */
	deleteArtifact(sha256: string): Promise<void>;

	/**
	 * Stores a file's bytes before their SHA-256 is known, so that IndexedDB writes them while the
	 * file is hashed (`upload.ts`). Until adopted, an upload belongs to no artifact.
	 */
	putUpload(upload: Upload): Promise<void>;
	/**
	 * Makes the upload's bytes the artifact `sha256`, without writing them again (a Blob read from
	 * IndexedDB and put again is copied). False when the upload is gone: a repair in another tab
	 * removed it, and the caller stores the bytes itself.
	 */
	adoptUpload(id: string, sha256: string): Promise<boolean>;
	/** Removes an upload that was not adopted; an adopted one goes with its artifact. */
	deleteUpload(id: string): Promise<void>;
	/** Uploads no artifact holds: left by an interrupted registration, or one under way in another tab. */
	strayUploads(): Promise<Upload[]>;

	appendEvent(event: Omit<RegistryEvent, 'id'>): Promise<RegistryEvent>;
	/** Many at once, in order. */
	appendEvents(events: Array<Omit<RegistryEvent, 'id'>>): Promise<void>;
	/**
	 * Oldest first. Without `version`: the model's own events and all of its versions'. With
	 * `newest`, only that many of the most recent.
	 */
	listEvents(model: string, version?: string, newest?: number): Promise<RegistryEvent[]>;
	/** The model's events (its own and its versions') with ids above `afterId`, oldest first: at most `limit`. */
	eventsAfter(model: string, afterId: number, limit: number): Promise<RegistryEvent[]>;

	/** Empties every table: models, versions, artifacts, history and series buckets. */
	clear(): Promise<void>;

	/**
	 * Awaits work outside the store (reading the next part of a bundle) without letting the
	 * transaction commit: an import of any size can then read its bundle as it writes, in one
	 * transaction, and hold one part in memory rather than the bundle.
	 */
	waitFor<T>(work: Promise<T>): Promise<T>;
}

export interface ModelStore {
	read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
	write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}
