/**
 * A model's summary — how many versions, how many in each stage, the latest and the production
 * version — and the one rule for which version stays in production. The summary is kept on the
 * model record (a page of versions must not read them all), so every write that changes versions
 * updates it here: register, stage change and delete step by step, import and repair by computing
 * it from the versions, and verify compares the record with what `summarize` computes.
 */
import { compareSemver } from './semver';
import { MODEL_STAGES, type ModelStage, type ModelVersion, type RegisteredModel } from './types';

export type ModelSummary = Pick<
	RegisteredModel,
	'versionCount' | 'stageCounts' | 'latestVersion' | 'productionVersion' | 'framework'
>;

/** What tells which of several production versions was promoted last. */
export interface PromotionEvidence {
	/** Versions the write at hand moves into production (a promotion, an imported version). */
	promoted?: ReadonlySet<string>;
	/** The production version the model's record names. */
	named?: string;
}

/**
 * Which version stays in production when several claim it. `transitionStage` promotes a version by
 * archiving the one that was there, so the promotion made last wins; import and repair follow the
 * same rule, from the evidence they have, in this order:
 * 1. a version the write at hand moves into production: its promotion is the newest there is (an
 *    import that brings a production version promotes it, whatever the conflict policy);
 * 2. else the version the model's record names: the registry wrote it at the last promotion;
 * 3. else the version whose record changed last (`updatedAt`), then the highest SemVer precedence,
 *    so the choice never depends on the order the versions were read in.
 */
export function keptInProduction(
	claimants: readonly ModelVersion[],
	evidence: PromotionEvidence = {}
): ModelVersion | undefined {
	const promoted = claimants.filter((v) => evidence.promoted?.has(v.version));
	const named = claimants.find((v) => v.version === evidence.named);
	const pool = promoted.length > 0 ? promoted : named ? [named] : claimants;
	return pool.reduce<ModelVersion | undefined>(
		(best, v) => (best && !changedLater(v, best) ? best : v),
		undefined
	);
}

const changedLater = (a: ModelVersion, b: ModelVersion) =>
	a.updatedAt !== b.updatedAt ? a.updatedAt > b.updatedAt : compareSemver(a.version, b.version) > 0;

const emptyCounts = (): Record<ModelStage, number> => ({
	development: 0,
	staging: 0,
	production: 0,
	archived: 0
});

/** The summary of a model without versions. */
export const emptySummary = (): ModelSummary => ({ versionCount: 0, stageCounts: emptyCounts() });

/**
 * The summary computed from all of a model's versions. With several in production (which only an
 * import or a repair about to settle them can see) it names the one `keptInProduction` keeps.
 */
export function summarize(versions: readonly ModelVersion[], evidence: PromotionEvidence = {}): ModelSummary {
	const stageCounts = emptyCounts();
	let latest: ModelVersion | undefined;
	for (const version of versions) {
		stageCounts[version.stage]++;
		if (!latest || compareSemver(version.version, latest.version) > 0) latest = version;
	}
	const production = keptInProduction(
		versions.filter((v) => v.stage === 'production'),
		evidence
	);
	return summary(versions.length, stageCounts, latest, production?.version);
}

/** Whether the model record's summary is the one its versions give. */
export function sameSummary(model: RegisteredModel, versions: readonly ModelVersion[]): boolean {
	return summaryKey(model) === summaryKey(summarize(versions, { named: model.productionVersion }));
}

const summaryKey = (s: ModelSummary) =>
	JSON.stringify([
		s.versionCount,
		MODEL_STAGES.map((stage) => s.stageCounts?.[stage]),
		s.latestVersion,
		s.framework,
		s.productionVersion
	]);

/** After registering `version`, which is the newest promotion if it arrives in production. */
export function withAdded(current: ModelSummary, version: ModelVersion): ModelSummary {
	const isLatest = !current.latestVersion || compareSemver(version.version, current.latestVersion) > 0;
	return summary(
		current.versionCount + 1,
		count(current.stageCounts, version.stage, +1),
		isLatest ? version : latestOf(current),
		version.stage === 'production' ? version.version : current.productionVersion
	);
}

/**
 * After an import wrote these versions: each new record, and the one it replaced if there was one.
 * The production version is left as it was: the import settles production itself.
 */
export function withWritten(
	current: ModelSummary,
	writes: ReadonlyArray<{ before?: ModelVersion; after: ModelVersion }>
): ModelSummary {
	let { versionCount, stageCounts } = current;
	let latest = latestOf(current);
	for (const { before, after } of writes) {
		if (before) stageCounts = count(stageCounts, before.stage, -1);
		else versionCount++;
		stageCounts = count(stageCounts, after.stage, +1);
		// A replaced latest version keeps its place but may bring another framework.
		if (!latest || after.version === latest.version || compareSemver(after.version, latest.version) > 0)
			latest = after;
	}
	return summary(versionCount, stageCounts, latest, current.productionVersion);
}

/** After moving `version` from one stage to another. */
export function withStageChange(
	current: ModelSummary,
	version: string,
	from: ModelStage,
	to: ModelStage
): ModelSummary {
	const stillProduction = current.productionVersion === version ? undefined : current.productionVersion;
	return summary(
		current.versionCount,
		count(count(current.stageCounts, from, -1), to, +1),
		latestOf(current),
		to === 'production' ? version : stillProduction
	);
}

/**
 * After deleting `removed`. `nextLatest` is the highest version left, which the caller reads from
 * the SemVer index only when `removed` was the latest (see `needsNextLatest`).
 */
export function withRemoved(
	current: ModelSummary,
	removed: ModelVersion,
	nextLatest?: ModelVersion
): ModelSummary {
	return summary(
		current.versionCount - 1,
		count(current.stageCounts, removed.stage, -1),
		needsNextLatest(current, removed.version) ? nextLatest : latestOf(current),
		current.productionVersion === removed.version ? undefined : current.productionVersion
	);
}

export const needsNextLatest = (current: ModelSummary, removed: string) => current.latestVersion === removed;

/** The model record with this summary; optional fields the summary lacks are left out, not undefined. */
export function withSummary(model: RegisteredModel, next: ModelSummary): RegisteredModel {
	const {
		versionCount: _c,
		stageCounts: _s,
		latestVersion: _l,
		productionVersion: _p,
		framework: _f,
		...rest
	} = model;
	return { ...rest, ...next };
}

/** The summary fields of a model record, and nothing else of it. */
export function summaryOf(model: ModelSummary): ModelSummary {
	return summary(model.versionCount, model.stageCounts, latestOf(model), model.productionVersion);
}

const latestOf = (current: ModelSummary) =>
	current.latestVersion === undefined
		? undefined
		: { version: current.latestVersion, framework: current.framework };

function count(counts: Record<ModelStage, number>, stage: ModelStage, delta: number) {
	return { ...counts, [stage]: counts[stage] + delta };
}

function summary(
	versionCount: number,
	stageCounts: Record<ModelStage, number>,
	latest: (Pick<ModelVersion, 'version'> & { framework?: ModelVersion['framework'] }) | undefined,
	productionVersion: string | undefined
): ModelSummary {
	return {
		versionCount,
		stageCounts,
		...(latest && { latestVersion: latest.version }),
		...(latest?.framework && { framework: latest.framework }),
		...(productionVersion !== undefined && { productionVersion })
	};
}
