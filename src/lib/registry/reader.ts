/**
 * The registry's reads: every question a caller can ask, each validated here and answered in one
 * read transaction. `ModelRegistry` adds the writes.
 */
import { invalidInput } from './errors';
import { pathProblem } from './file-paths';
import { readContents, verifyContents, type IntegrityReport } from './integrity';
import { InMemoryModelStore } from './memory-store';
import type { LeaderboardEntry, MetricSeries } from './metrics';
import { searchByIndexes } from './indexed-search';
import { MODEL_ORDERS } from './order';
import { aliasTarget } from './edits';
import {
	allVersionsIn,
	fileIn,
	filesIn,
	leaderboardDirectionIn,
	knownMetricsIn,
	leaderboardIn,
	metricSeriesIn,
	modelPageIn,
	namedVersionIn,
	versionPageIn
} from './reads';
import type { MetricDirection } from './direction';
import type { ModelStore } from './store';
import {
	planSnapshots,
	readParts,
	readSnapshots,
	type ExportSelection,
	type ImportPlan,
	type ModelSnapshot,
	type SnapshotPart,
	type SnapshotParts
} from './transfer';
import type {
	ArtifactFile,
	LeaderboardQuery,
	ModelListQuery,
	ModelVersion,
	Page,
	RegisteredModel,
	RegistryEvent,
	SearchFilter,
	SearchPage,
	VersionListQuery,
	WriteOptions
} from './types';
import {
	checkAlias,
	checkExportSelection,
	checkKey,
	checkLeaderboardQuery,
	checkModelFilter,
	checkModelName,
	checkNewest,
	checkOneOf,
	checkPage,
	checkSearchFilter,
	checkVersion,
	checkVersionListOrder,
	MAX_METRIC_KEY_CHARS
} from './validate';

export interface RegistryOptions {
	/** The clock behind every timestamp; tests pass their own. */
	now?: () => Date;
}

/** The reads of a `ModelRegistry`, which is what callers construct. */
export class RegistryReader {
	protected readonly now: () => Date;

	constructor(
		protected readonly store: ModelStore = new InMemoryModelStore(),
		options: RegistryOptions = {}
	) {
		this.now = options.now ?? (() => new Date());
	}

	close(): Promise<void> {
		return this.store.close();
	}

	async getModel(name: string): Promise<RegisteredModel | undefined> {
		checkModelName(name);
		return this.store.read((tx) => tx.getModel(name));
	}

	async getVersion(name: string, version: string): Promise<ModelVersion | undefined> {
		checkModelName(name);
		checkVersion(version);
		return this.store.read((tx) => tx.getVersion(name, version));
	}

	/** The version with the highest SemVer precedence, whenever it was registered. */
	async getLatest(name: string): Promise<ModelVersion | undefined> {
		checkModelName(name);
		return this.store.read(async (tx) => namedVersionIn(tx, name, (await tx.getModel(name))?.latestVersion));
	}

	async getProductionModel(name: string): Promise<ModelVersion | undefined> {
		checkModelName(name);
		return this.store.read(async (tx) =>
			namedVersionIn(tx, name, (await tx.getModel(name))?.productionVersion)
		);
	}

	async getByAlias(name: string, alias: string): Promise<ModelVersion | undefined> {
		checkModelName(name);
		if (alias === 'latest') return this.getLatest(name);
		checkAlias(alias);
		return this.store.read(async (tx) =>
			namedVersionIn(tx, name, aliasTarget(await tx.getModel(name), alias))
		);
	}

	async listModels(query: ModelListQuery = {}): Promise<Page<RegisteredModel>> {
		const { offset, limit } = checkPage(query);
		const order = checkOneOf('order', query.order, MODEL_ORDERS, 'name-asc');
		const filter = checkModelFilter(query);
		return this.store.read((tx) => modelPageIn(tx, filter, { offset, limit, order }));
	}

	async listVersions(name: string, query: VersionListQuery = {}): Promise<Page<ModelVersion>> {
		checkModelName(name);
		const { offset, limit } = checkPage(query);
		const order = checkVersionListOrder(query);
		return this.store.read((tx) => versionPageIn(tx, name, { offset, limit, ...order }));
	}

	/** Every version of every model, by model name then SemVer: what a test compares a search with. */
	async allVersions(): Promise<ModelVersion[]> {
		return this.store.read(allVersionsIn);
	}

	/**
	 * Versions across all models matching every criterion of the filter, from the store's indexes
	 * (`indexed-search.ts`). With `countUpTo`, counting stops past that many matches and the page
	 * says `totalCapped`: what a person paging through results needs, without counting them all.
	 */
	async search(filter: SearchFilter = {}): Promise<SearchPage> {
		const valid = checkSearchFilter(filter);
		const { offset, limit } = checkPage(filter);
		const countUpTo = valid.countUpTo;
		const { items, total, totalCapped } = await this.store.read((tx) =>
			searchByIndexes(tx, valid, { offset, limit, countUpTo })
		);
		return { items, total, offset, limit, ...(totalCapped && { totalCapped }) };
	}

	/** The model's metrics across all its versions, in SemVer order, for charts. */
	async metricSeries(name: string): Promise<MetricSeries> {
		checkModelName(name);
		return this.store.read((tx) => metricSeriesIn(tx, name));
	}

	/**
	 * Versions ranked by one metric, best first (lower first for losses and errors): of one model,
	 * or across all models, each with its best version when `bestPerModel` is set.
	 */
	async leaderboard(metric: string, query: LeaderboardQuery = {}): Promise<LeaderboardEntry[]> {
		checkKey('metric', metric, MAX_METRIC_KEY_CHARS);
		const { limit } = checkLeaderboardQuery(query);
		return this.store.read((tx) => leaderboardIn(tx, metric, { ...query, limit }));
	}

	/** Which way `leaderboard(metric, { model })` ranks (see `leaderboardDirectionIn` for across models). */
	async leaderboardDirection(metric: string, model?: string): Promise<MetricDirection> {
		checkKey('metric', metric, MAX_METRIC_KEY_CHARS);
		if (model !== undefined) checkModelName(model);
		return this.store.read((tx) => leaderboardDirectionIn(tx, metric, model));
	}

	/** Every metric name any version in the registry has, for choosing what to rank by. */
	async knownMetrics(): Promise<string[]> {
		return this.store.read(knownMetricsIn);
	}

	/**
	 * The append-only log, oldest first: for a model, its own events and all its versions'.
	 * `{ newest: n }` keeps only the n most recent, for a page that shows a few.
	 */
	async history(name: string, version?: string, query: { newest?: number } = {}): Promise<RegistryEvent[]> {
		checkModelName(name);
		if (version !== undefined) checkVersion(version);
		const newest = checkNewest(query.newest);
		return this.store.read((tx) => tx.listEvents(name, version, newest));
	}

	/** Every file of the version with its bytes, in path order: Blob handles, read only when used. */
	async loadFiles(name: string, version: string): Promise<Array<{ file: ArtifactFile; blob: Blob }>> {
		checkModelName(name);
		checkVersion(version);
		return this.store.read((tx) => filesIn(tx, name, version));
	}

	/** One of the version's files, by its path, with the media type it was registered with. */
	async loadFile(name: string, version: string, path: string): Promise<Blob> {
		checkModelName(name);
		checkVersion(version);
		const problem = typeof path === 'string' ? pathProblem(path) : 'must be text.';
		if (problem) throw invalidInput('path', 'file-path', problem);
		return this.store.read((tx) => fileIn(tx, name, version, path));
	}

	/**
	 * Models with their versions, history and artifact blobs, read in one transaction so the
	 * snapshot is consistent: everything, some models, or some versions.
	 */
	async snapshot(
		selection: ExportSelection = {}
	): Promise<{ snapshots: ModelSnapshot[]; artifacts: Map<string, Blob> }> {
		const wanted = checkExportSelection(selection);
		return this.store.read((tx) => readSnapshots(tx, wanted));
	}

	/**
	 * The same models in parts, handed to `take` while one read transaction stays open (so the export
	 * is consistent and holds one part at a time), and their artifact blobs. `onTotal` hears how many
	 * versions will come, before the first part.
	 */
	async exportParts(
		selection: ExportSelection,
		take: (part: SnapshotPart) => Promise<void>,
		onTotal?: (versions: number) => void
	): Promise<Map<string, Blob>> {
		const wanted = checkExportSelection(selection);
		return this.store.read((tx) => readParts(tx, wanted, (part) => tx.waitFor(take(part)), { onTotal }));
	}

	/** What importing these snapshots (or their parts) would do: per model, how many versions are new, identical or conflicting. */
	async planImport(snapshots: SnapshotParts): Promise<ImportPlan> {
		return this.store.read((tx) => planSnapshots(tx, snapshots));
	}

	/** Which of these artifacts (by SHA-256) the registry does not hold yet: what an import would add. */
	async missingArtifacts(sha256s: Iterable<string>): Promise<string[]> {
		return this.store.read(async (tx) => {
			const missing: string[] = [];
			for (const sha256 of sha256s) if (!(await tx.hasArtifact(sha256))) missing.push(sha256);
			return missing;
		});
	}

	/**
	 * Checks every invariant over everything stored and says what it found, in plain words. Hashing
	 * every artifact is the slow part; progress is in artifact bytes.
	 */
	async verify(options: WriteOptions = {}): Promise<IntegrityReport> {
		return verifyContents(await this.store.read(readContents), options);
	}
}
