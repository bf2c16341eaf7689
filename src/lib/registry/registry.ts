import { describeArtifact, toBlob } from './artifact';
import { invalidInput, modelNotFound, RegistryError, versionNotFound } from './errors';
import { readContents, repairIn, verifyContents, type IntegrityReport } from './integrity';
import { InMemoryModelStore } from './memory-store';
import { MODEL_ORDERS, VERSION_ORDERS } from './order';
import {
	metricNames,
	metricOf,
	own,
	rankLeaderboard,
	toMetricSeries,
	type LeaderboardEntry,
	type MetricSeries
} from './metrics';
import { modelMatches, versionMatches } from './search';
import {
	applySnapshots,
	planSnapshots,
	readSnapshots,
	type ExportSelection,
	type ImportOptions,
	type ImportPlan,
	type ImportResult,
	type ModelSnapshot
} from './transfer';
import { changeStage, dropArtifactIfUnused } from './tx-steps';
import { compareSemver } from './semver';
import type { ModelStore } from './store';
import type {
	ArtifactInfo,
	LeaderboardQuery,
	ModelListQuery,
	ModelPatch,
	ModelStage,
	ModelVersion,
	Page,
	RegisteredModel,
	RegisterInput,
	RegistryEvent,
	SearchFilter,
	VersionListQuery,
	VersionOrder,
	VersionPatch,
	WriteOptions
} from './types';
import {
	checkAlias,
	checkExportSelection,
	checkKey,
	checkLeaderboardQuery,
	MAX_METRIC_KEY_CHARS,
	checkModelFilter,
	checkModelName,
	checkOneOf,
	checkPage,
	checkPatch,
	checkRegistration,
	checkSearchFilter,
	checkStage,
	checkVersion
} from './validate';

export interface RegistryOptions {
	/** The clock behind every timestamp; tests pass their own. */
	now?: () => Date;
}

function countStage(counts: Record<ModelStage, number>, stage: ModelStage, delta: number) {
	return { ...counts, [stage]: counts[stage] + delta };
}

/** The version an alias names; an alias such as `toString` must not find what every object inherits. */
const aliasTarget = (model: RegisteredModel | undefined, alias: string): string | undefined =>
	model && own(model.aliases, alias);

const REVERSED: Record<VersionOrder, VersionOrder> = {
	'semver-desc': 'semver-asc',
	'semver-asc': 'semver-desc',
	'created-desc': 'created-asc',
	'created-asc': 'created-desc'
};

/** Only the fields a patch changed, before and after, for the history. */
function changedFields<T extends object>(before: T, patch: Partial<T>) {
	const keys = (Object.keys(patch) as (keyof T)[]).filter(
		(key) => JSON.stringify(before[key]) !== JSON.stringify(patch[key])
	);
	return {
		before: Object.fromEntries(keys.map((key) => [key, before[key]])),
		after: Object.fromEntries(keys.map((key) => [key, patch[key]]))
	};
}

/**
 * The model registry. Every mutation is one store transaction that makes its own checks, so
 * invariants (one production version per model, no duplicate versions, artifacts kept while
 * referenced) hold however calls interleave, across tabs too.
 */
export class ModelRegistry {
	private readonly now: () => Date;

	constructor(
		private readonly store: ModelStore = new InMemoryModelStore(),
		options: RegistryOptions = {}
	) {
		this.now = options.now ?? (() => new Date());
	}

	close(): Promise<void> {
		return this.store.close();
	}

	async register(input: RegisterInput, options: WriteOptions = {}): Promise<ModelVersion> {
		const valid = checkRegistration(input);
		// Hash before the transaction: IndexedDB commits a transaction that awaits anything else.
		const blob = input.artifact === undefined ? undefined : toBlob(input.artifact);
		const artifact: ArtifactInfo | undefined = blob && (await describeArtifact(blob, options));
		if (options.signal?.aborted) throw new RegistryError('CANCELLED', 'The registration was cancelled.');

		return this.store.write(async (tx) => {
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
			const at = this.now().toISOString();
			const model = stored ?? this.newModel(valid.name, at);
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
				...(artifact && { artifact }),
				createdAt: at,
				updatedAt: at
			};
			if (blob && artifact && !(await tx.hasArtifact(artifact.sha256))) {
				await tx.putArtifact(artifact.sha256, blob);
			}
			const isLatest = !model.latestVersion || compareSemver(version.version, model.latestVersion) > 0;
			await Promise.all([
				tx.putVersion(version),
				tx.putModel({
					...model,
					versionCount: model.versionCount + 1,
					stageCounts: countStage(model.stageCounts, version.stage, +1),
					...(isLatest && { latestVersion: version.version, framework: version.framework }),
					updatedAt: at
				}),
				tx.appendEvent({
					at,
					kind: 'version.registered',
					model: valid.name,
					version: valid.version,
					after: version
				})
			]);
			return version;
		});
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
		return this.store.read(async (tx) => {
			const latest = (await tx.getModel(name))?.latestVersion;
			return latest === undefined ? undefined : tx.getVersion(name, latest);
		});
	}

	async getProductionModel(name: string): Promise<ModelVersion | undefined> {
		checkModelName(name);
		return this.store.read(async (tx) => {
			const production = (await tx.getModel(name))?.productionVersion;
			return production === undefined ? undefined : tx.getVersion(name, production);
		});
	}

	/** Moving a version to production archives the one that was there, in the same transaction. */
	async transitionStage(name: string, version: string, stage: ModelStage): Promise<ModelVersion> {
		checkModelName(name);
		checkVersion(version);
		checkStage(stage);
		return this.store.write(async (tx) => {
			const current = await tx.getVersion(name, version);
			const model = await tx.getModel(name);
			if (!current || !model) throw versionNotFound(name, version);
			if (current.stage === stage) return current;
			const at = this.now().toISOString();
			let { stageCounts } = model;
			if (stage === 'production') {
				for (const previous of await tx.versionsInStage(name, 'production')) {
					await changeStage(tx, previous, 'archived', at, { replacedBy: version });
					stageCounts = countStage(countStage(stageCounts, 'production', -1), 'archived', +1);
				}
			}
			const updated = await changeStage(tx, current, stage, at);
			stageCounts = countStage(countStage(stageCounts, current.stage, -1), stage, +1);
			const { productionVersion, ...rest } = model;
			const stillProduction = productionVersion !== version ? productionVersion : undefined;
			const newProduction = stage === 'production' ? version : stillProduction;
			await tx.putModel({
				...rest,
				stageCounts,
				...(newProduction && { productionVersion: newProduction }),
				updatedAt: at
			});
			return updated;
		});
	}

	async listModels(query: ModelListQuery = {}): Promise<Page<RegisteredModel>> {
		const { offset, limit } = checkPage(query);
		const order = checkOneOf('order', query.order, MODEL_ORDERS, 'name-asc');
		const filter = checkModelFilter(query);
		return this.store.read(async (tx) => {
			if (filter.text?.trim() || filter.stage || filter.framework) {
				const { items, total } = await tx.scanModels(modelMatches(filter), { offset, limit, order });
				return { items, total, offset, limit };
			}
			const [items, total] = [await tx.listModels({ offset, limit, order }), await tx.countModels()];
			return { items, total, offset, limit };
		});
	}

	async listVersions(name: string, query: VersionListQuery = {}): Promise<Page<ModelVersion>> {
		checkModelName(name);
		const { offset, limit } = checkPage(query);
		const order = checkOneOf('order', query.order, VERSION_ORDERS, 'semver-desc');
		return this.store.read(async (tx) => {
			const model = await tx.getModel(name);
			if (!model) throw modelNotFound(name);
			const total = model.versionCount;
			// IndexedDB skips an offset one row at a time, so a page past the middle is read from the
			// other end, in the opposite order, and turned round: the last page costs as little as the first.
			if (offset > total / 2 && offset < total) {
				const fromEnd = Math.max(0, total - offset - limit);
				const count = Math.min(limit, total - offset);
				const reversed = await tx.listVersions(name, {
					offset: fromEnd,
					limit: count,
					order: REVERSED[order]
				});
				return { items: reversed.reverse(), total, offset, limit };
			}
			const items = await tx.listVersions(name, { offset, limit, order });
			return { items, total, offset, limit };
		});
	}

	/** Every version of every model, by model name then SemVer: what a search index is built from. */
	async allVersions(): Promise<ModelVersion[]> {
		return this.store.read(
			async (tx) => (await tx.scanVersions(() => true, { offset: 0, limit: Infinity })).items
		);
	}

	/** Versions across all models matching every criterion of the filter. */
	async search(filter: SearchFilter = {}): Promise<Page<ModelVersion>> {
		const valid = checkSearchFilter(filter);
		const { offset, limit } = checkPage(filter);
		return this.store.read(async (tx) => {
			const { items, total } = await tx.scanVersions(versionMatches(valid), { offset, limit });
			return { items, total, offset, limit };
		});
	}

	/** The model's metrics across all its versions, in SemVer order, for charts. */
	async metricSeries(name: string): Promise<MetricSeries> {
		checkModelName(name);
		return this.store.read(async (tx) => {
			if (!(await tx.getModel(name))) throw modelNotFound(name);
			const versions = await tx.listVersions(name, { offset: 0, limit: Infinity, order: 'semver-asc' });
			return toMetricSeries(name, versions);
		});
	}

	/**
	 * Versions ranked by one metric, best first (lower first for losses and errors): of one model,
	 * or across all models, each with its best version when `bestPerModel` is set.
	 */
	async leaderboard(metric: string, query: LeaderboardQuery = {}): Promise<LeaderboardEntry[]> {
		checkKey('metric', metric, MAX_METRIC_KEY_CHARS);
		const { limit } = checkLeaderboardQuery(query);
		return this.store.read(async (tx) => {
			const hasMetric = (v: ModelVersion) => metricOf(v, metric) !== undefined;
			const candidates =
				query.model === undefined
					? (await tx.scanVersions(hasMetric, { offset: 0, limit: Infinity })).items
					: (await tx.listVersions(query.model, { offset: 0, limit: Infinity, order: 'semver-desc' })).filter(
							hasMetric
						);
			return rankLeaderboard(candidates, metric, { bestPerModel: query.bestPerModel }).slice(0, limit);
		});
	}

	/** Every metric name any version in the registry has, for choosing what to rank by. */
	async knownMetrics(): Promise<string[]> {
		return this.store.read(async (tx) => {
			const { items } = await tx.scanVersions(() => true, { offset: 0, limit: Infinity });
			return metricNames(items);
		});
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

	/** What importing these snapshots would do: per model, which versions are new, identical or conflicting. */
	async planImport(snapshots: ModelSnapshot[]): Promise<ImportPlan> {
		return this.store.read((tx) => planSnapshots(tx, snapshots));
	}

	/**
	 * Imports snapshots in one transaction: all of it, or (on any error) none of it. Versions that
	 * exist with other content follow `policy`. Artifacts must be verified by the caller and given
	 * by SHA-256. A model keeps one production version: under `replace` the imported one wins,
	 * under `skip` the local one does and the imported one is archived.
	 */
	async importSnapshots(snapshots: ModelSnapshot[], options: ImportOptions): Promise<ImportResult> {
		return this.store.write((tx) => applySnapshots(tx, snapshots, options, this.now().toISOString()));
	}

	/** Removes a version, its aliases, and its artifact when no other version references those bytes. */
	async deleteVersion(name: string, version: string): Promise<boolean> {
		checkModelName(name);
		checkVersion(version);
		return this.store.write(async (tx) => {
			const existing = await tx.getVersion(name, version);
			const model = await tx.getModel(name);
			if (!existing || !model) return false;
			const at = this.now().toISOString();
			await tx.deleteVersion(name, version);
			await dropArtifactIfUnused(tx, existing.artifact);
			const { latestVersion, productionVersion, framework, ...rest } = model;
			const latest =
				latestVersion === version
					? (await tx.listVersions(name, { offset: 0, limit: 1, order: 'semver-desc' }))[0]
					: { version: latestVersion, framework };
			const newProduction = productionVersion === version ? undefined : productionVersion;
			const aliases = Object.fromEntries(Object.entries(model.aliases).filter(([, v]) => v !== version));
			await tx.putModel({
				...rest,
				...(latest?.version && { latestVersion: latest.version, framework: latest.framework }),
				...(newProduction && { productionVersion: newProduction }),
				aliases,
				versionCount: model.versionCount - 1,
				stageCounts: countStage(model.stageCounts, existing.stage, -1),
				updatedAt: at
			});
			await tx.appendEvent({ at, kind: 'version.deleted', model: name, version, before: existing });
			return true;
		});
	}

	/** Removes a model with all its versions, aliases and unshared artifacts. Its history is kept. */
	async deleteModel(name: string): Promise<boolean> {
		checkModelName(name);
		return this.store.write(async (tx) => {
			const model = await tx.getModel(name);
			if (!model) return false;
			const versions = await tx.listVersions(name, { offset: 0, limit: Infinity, order: 'semver-asc' });
			for (const version of versions) await tx.deleteVersion(name, version.version);
			for (const version of versions) await dropArtifactIfUnused(tx, version.artifact);
			await tx.deleteModel(name);
			await tx.appendEvent({
				at: this.now().toISOString(),
				kind: 'model.deleted',
				model: name,
				before: { ...model, versions: versions.map((v) => v.version) }
			});
			return true;
		});
	}

	async updateModel(name: string, patch: ModelPatch): Promise<RegisteredModel> {
		checkModelName(name);
		const valid = checkPatch(patch);
		return this.store.write(async (tx) => {
			const model = await tx.getModel(name);
			if (!model) throw modelNotFound(name);
			const change = changedFields(model, valid);
			if (Object.keys(change.after).length === 0) return model;
			const at = this.now().toISOString();
			const updated = { ...model, ...valid, updatedAt: at };
			await tx.putModel(updated);
			await tx.appendEvent({ at, kind: 'model.updated', model: name, ...change });
			return updated;
		});
	}

	async updateVersion(name: string, version: string, patch: VersionPatch): Promise<ModelVersion> {
		checkModelName(name);
		checkVersion(version);
		const valid = checkPatch(patch);
		return this.store.write(async (tx) => {
			const existing = await tx.getVersion(name, version);
			if (!existing) throw versionNotFound(name, version);
			const change = changedFields(existing, valid);
			if (Object.keys(change.after).length === 0) return existing;
			const at = this.now().toISOString();
			const updated = { ...existing, ...valid, updatedAt: at };
			await tx.putVersion(updated);
			await tx.appendEvent({ at, kind: 'version.updated', model: name, version, ...change });
			return updated;
		});
	}

	/** Points an alias at a version; an alias names one version at a time, so it moves. */
	async setAlias(name: string, alias: string, version: string): Promise<ModelVersion> {
		checkModelName(name);
		checkAlias(alias);
		checkVersion(version);
		return this.store.write(async (tx) => {
			const model = await tx.getModel(name);
			const target = await tx.getVersion(name, version);
			if (!model || !target) throw versionNotFound(name, version);
			const previous = aliasTarget(model, alias);
			if (previous === version) return target;
			const at = this.now().toISOString();
			await tx.putModel({ ...model, aliases: { ...model.aliases, [alias]: version }, updatedAt: at });
			await tx.appendEvent({
				at,
				kind: 'alias.set',
				model: name,
				version,
				...(previous !== undefined && { before: { alias, version: previous } }),
				after: { alias, version }
			});
			return target;
		});
	}

	async removeAlias(name: string, alias: string): Promise<boolean> {
		checkModelName(name);
		checkAlias(alias);
		return this.store.write(async (tx) => {
			const model = await tx.getModel(name);
			const version = aliasTarget(model, alias);
			if (!model || version === undefined) return false;
			const at = this.now().toISOString();
			const aliases = Object.fromEntries(Object.entries(model.aliases).filter(([key]) => key !== alias));
			await tx.putModel({ ...model, aliases, updatedAt: at });
			await tx.appendEvent({ at, kind: 'alias.removed', model: name, version, before: { alias, version } });
			return true;
		});
	}

	async getByAlias(name: string, alias: string): Promise<ModelVersion | undefined> {
		checkModelName(name);
		if (alias === 'latest') return this.getLatest(name);
		checkAlias(alias);
		return this.store.read(async (tx) => {
			const version = aliasTarget(await tx.getModel(name), alias);
			return version === undefined ? undefined : tx.getVersion(name, version);
		});
	}

	/** The append-only log, oldest first: for a model, its own events and all its versions'. */
	/** Oldest first; `{ newest: n }` keeps only the n most recent, for a page that shows a few. */
	async history(name: string, version?: string, query: { newest?: number } = {}): Promise<RegistryEvent[]> {
		checkModelName(name);
		if (version !== undefined) checkVersion(version);
		const newest = query.newest ?? Infinity;
		if (newest !== Infinity && (!Number.isSafeInteger(newest) || newest < 1))
			throw invalidInput('newest', 'positive-integer', 'must be a whole number, 1 or more.');
		return this.store.read((tx) => tx.listEvents(name, version, newest));
	}

	/** The artifact's bytes with the media type it was registered with; undefined if it has none. */
	async loadArtifact(name: string, version: string): Promise<Blob | undefined> {
		checkModelName(name);
		checkVersion(version);
		return this.store.read(async (tx) => {
			const found = await tx.getVersion(name, version);
			if (!found) throw versionNotFound(name, version);
			if (!found.artifact) return undefined;
			const blob = await tx.getArtifact(found.artifact.sha256);
			if (!blob) {
				throw new RegistryError('INTERNAL', `The artifact of ${found.fullName} is missing from storage.`, {
					sha256: found.artifact.sha256
				});
			}
			return blob.type === found.artifact.mediaType
				? blob
				: new Blob([blob], { type: found.artifact.mediaType });
		});
	}

	/**
	 * Checks every invariant over everything stored and says what it found, in plain words. Hashing
	 * every artifact is the slow part; progress is in artifact bytes.
	 */
	async verify(options: WriteOptions = {}): Promise<IntegrityReport> {
		return verifyContents(await this.store.read(readContents), options);
	}

	/** Fixes, in one transaction, every problem `verify` calls repairable; says what it did. */
	async repair(): Promise<string[]> {
		return this.store.write((tx) => repairIn(tx, this.now().toISOString()));
	}

	private newModel(name: string, at: string): RegisteredModel {
		return {
			name,
			description: '',
			tags: {},
			createdAt: at,
			updatedAt: at,
			versionCount: 0,
			stageCounts: { development: 0, staging: 0, production: 0, archived: 0 },
			aliases: {}
		};
	}
}
