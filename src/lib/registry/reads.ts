/** Reads that take more than one step inside their read transaction. */
import { modelNotFound, notFound, RegistryError, versionNotFound } from './errors';
import {
	orderMetricNames,
	own,
	rankLeaderboard,
	toMetricSeries,
	type LeaderboardEntry,
	type MetricSeries
} from './metrics';
import { defaultDirection, directionOf, majorityDirection, type MetricDirection } from './direction';
import { isMetricOrder, sortedBy, versionListSort } from './order';
import { semverKey } from './semver';
import { modelMatches } from './search';
import { seriesFromBuckets } from './series-summary';
import type { StoreTx } from './store';
import type {
	ArtifactFile,
	ModelListQuery,
	ModelOrder,
	ModelVersion,
	Page,
	RegisteredModel,
	VersionListOrder,
	VersionOrder
} from './types';

const REVERSED: Record<VersionOrder, VersionOrder> = {
	'semver-desc': 'semver-asc',
	'semver-asc': 'semver-desc',
	'created-desc': 'created-asc',
	'created-asc': 'created-desc'
};

/** A version a model names (its latest, its production version, an alias), if it names one. */
export async function namedVersionIn(
	tx: StoreTx,
	name: string,
	version: string | undefined
): Promise<ModelVersion | undefined> {
	return version === undefined ? undefined : tx.getVersion(name, version);
}

/** One page of models; a filter scans them all, no filter reads just the page through an index. */
export async function modelPageIn(
	tx: StoreTx,
	filter: ModelListQuery,
	{ offset, limit, order }: { offset: number; limit: number; order: ModelOrder }
): Promise<Page<RegisteredModel>> {
	if (filter.text?.trim() || filter.stage || filter.framework) {
		const { items, total } = await tx.scanModels(modelMatches(filter), { offset, limit, order });
		return { items, total, offset, limit };
	}
	const [items, total] = [await tx.listModels({ offset, limit, order }), await tx.countModels()];
	return { items, total, offset, limit };
}

const isIndexed = (order: VersionListOrder): order is VersionOrder =>
	order.startsWith('semver') || order.startsWith('created');

/**
 * One page of a model's versions. In an indexed order (SemVer, registration time) it costs the page
 * whatever its place in the list. By a metric, a page among the versions that have it is read from the
 * `[model, metric, value]` index: the rows up to the page's end (and their ties), sorted here by the
 * same rule. A page reaching the versions without the metric (they come last), and any page by stage,
 * reads all the model's versions and sorts them here. Either way every store answers the same, as the
 * sorting is the core's.
 */
export async function versionPageIn(
	tx: StoreTx,
	name: string,
	{
		offset,
		limit,
		order,
		metric
	}: { offset: number; limit: number; order: VersionListOrder; metric?: string }
): Promise<Page<ModelVersion>> {
	const model = await tx.getModel(name);
	if (!model) throw modelNotFound(name);
	const total = model.versionCount;
	if (!isIndexed(order)) {
		const sort = versionListSort(order, metric);
		// Past the middle the index would read about as much as reading everything does.
		if (isMetricOrder(order) && metric !== undefined && offset + limit <= total / 2) {
			const direction = order === 'metric-desc' ? 'higher' : 'lower';
			const best = await tx.bestByMetric(metric, { model: name, direction, limit: offset + limit });
			// Fewer than the page's end have the metric: the page reaches those without it.
			if (best.length >= offset + limit)
				return { items: sortedBy(best, sort).slice(offset, offset + limit), total, offset, limit };
		}
		const all = await tx.listVersions(name, { offset: 0, limit: Infinity, order: 'semver-desc' });
		const items = sortedBy(all, sort).slice(offset, offset + limit);
		return { items, total, offset, limit };
	}
	// IndexedDB skips an offset one row at a time, so a page past the middle is read from the
	// other end, in the opposite order, and turned round: the last page costs as little as the first.
	if (offset > total / 2 && offset < total) {
		const fromEnd = Math.max(0, total - offset - limit);
		const count = Math.min(limit, total - offset);
		const reversed = await tx.listVersions(name, { offset: fromEnd, limit: count, order: REVERSED[order] });
		return { items: reversed.reverse(), total, offset, limit };
	}
	const items = await tx.listVersions(name, { offset, limit, order });
	return { items, total, offset, limit };
}

/** Every version of every model, by model name then SemVer: what a search index is built from. */
export async function allVersionsIn(tx: StoreTx): Promise<ModelVersion[]> {
	return (await tx.scanVersions(() => true, { offset: 0, limit: Infinity })).items;
}

/**
 * Up to this many versions, a model's chart series holds every version (so its table and CSV do too);
 * beyond, the series buckets' summary, which costs the same at 10,000 versions as at 1,000,000.
 */
export const FULL_SERIES_MAX = 5_000;

/** The model's metrics across its versions, in SemVer order: all of them, or a big model's summary. */
export async function metricSeriesIn(tx: StoreTx, name: string): Promise<MetricSeries> {
	const model = await tx.getModel(name);
	if (!model) throw modelNotFound(name);
	if (model.versionCount > FULL_SERIES_MAX)
		return seriesFromBuckets(name, await tx.seriesBuckets(name), model.metricDirections);
	const versions = await tx.listVersions(name, { offset: 0, limit: Infinity, order: 'semver-asc' });
	return toMetricSeries(name, versions, model.metricDirections);
}

/** Every model that has `metric`, in name order: a few index steps per model, not per version. */
export async function modelsHoldingIn(tx: StoreTx, metric: string): Promise<RegisteredModel[]> {
	const holding = new Set((await tx.bestOfEachModel(metric, 'lower')).map((v) => v.modelName));
	return (await tx.listModels({ offset: 0, limit: Infinity, order: 'name-asc' })).filter((m) =>
		holding.has(m.name)
	);
}

/**
 * Which way a leaderboard of `metric` (of one model, or across all) ranks. For one model: its own
 * direction. Across models: the direction most of the models that have the metric give it (each its
 * own choice, else the name's default); a tie, or no model, takes the name's default. One order for one
 * table: a model that disagrees still sees its own direction on its own page.
 */
export async function leaderboardDirectionIn(
	tx: StoreTx,
	metric: string,
	model: string | undefined
): Promise<MetricDirection> {
	if (model !== undefined) return directionOf(metric, (await tx.getModel(model))?.metricDirections);
	const models = await tx.listModels({ offset: 0, limit: Infinity, order: 'name-asc' });
	// Models without a choice of their own all vote for the default: unless one chose, no need to ask
	// which models have the metric.
	if (!models.some((m) => m.metricDirections && own(m.metricDirections, metric) !== undefined))
		return defaultDirection(metric);
	return majorityDirection(metric, await modelsHoldingIn(tx, metric));
}

/** The order ties keep: across models by model name, then SemVer; within one model, newest SemVer first. */
function tieOrder(versions: ModelVersion[], oneModel: boolean): ModelVersion[] {
	return sortedBy(versions, {
		keys: (v) => [v.modelName, semverKey(v.version)],
		descending: [false, oneModel]
	});
}

/**
 * Versions ranked by one metric, best first: of one model, or across all models. Read from the
 * metric indexes: the best `limit` (and their ties), or each model's best, never every version.
 */
export async function leaderboardIn(
	tx: StoreTx,
	metric: string,
	query: { model?: string; bestPerModel?: boolean; limit: number }
): Promise<LeaderboardEntry[]> {
	const direction = await leaderboardDirectionIn(tx, metric, query.model);
	const candidates =
		query.model === undefined && query.bestPerModel
			? await tx.bestOfEachModel(metric, direction)
			: await tx.bestByMetric(metric, {
					model: query.model,
					direction,
					limit: query.bestPerModel ? 1 : query.limit
				});
	const ranked = rankLeaderboard(tieOrder(candidates, query.model !== undefined), metric, {
		bestPerModel: query.bestPerModel,
		direction
	});
	return ranked.slice(0, query.limit);
}

/** Every metric name some version has, standard ones first (`orderMetricNames`). */
export async function knownMetricsIn(tx: StoreTx): Promise<string[]> {
	return orderMetricNames(await tx.metricNames());
}

/** Every file of a version with its bytes (Blob handles: nothing is read), in path order. */
export async function filesIn(
	tx: StoreTx,
	name: string,
	version: string
): Promise<Array<{ file: ArtifactFile; blob: Blob }>> {
	const found = await tx.getVersion(name, version);
	if (!found) throw versionNotFound(name, version);
	const files = [];
	for (const file of found.files ?? []) {
		const blob = await tx.getArtifact(file.sha256);
		if (!blob) {
			throw new RegistryError(
				'INTERNAL',
				`The file ${file.path} of ${found.fullName} is missing from storage.`,
				{
					sha256: file.sha256
				}
			);
		}
		files.push({ file, blob });
	}
	return files;
}

/** One file's bytes with the media type it was registered with. */
export async function fileIn(tx: StoreTx, name: string, version: string, path: string): Promise<Blob> {
	const found = await tx.getVersion(name, version);
	if (!found) throw versionNotFound(name, version);
	const file = found.files?.find((f) => f.path === path);
	if (!file) {
		throw notFound(`${found.fullName} has no file ${path}.`, { model: name, version, path });
	}
	const blob = await tx.getArtifact(file.sha256);
	if (!blob) {
		throw new RegistryError('INTERNAL', `The file ${path} of ${found.fullName} is missing from storage.`, {
			sha256: file.sha256
		});
	}
	return blob.type === file.mediaType ? blob : new Blob([blob], { type: file.mediaType });
}
