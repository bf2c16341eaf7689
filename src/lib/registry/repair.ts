/**
 * The repairs that lose nothing: summaries are rebuilt from versions, never the other way round,
 * extra production versions are archived by the same rule every promotion follows
 * (`keptInProduction`), and only bytes no version references are deleted.
 */
import {
	chartSummaryCurrent,
	modelNames,
	outOfRangeMetrics,
	outOfRangeName,
	readContents
} from './integrity';
import { summarizeRun } from './series-summary';
import type { StoreTx } from './store';
import { sameSummary, summarize } from './summary';
import { settleProduction } from './tx-steps';
import type { ModelVersion, RegisteredModel } from './types';
import { formatBytes } from './units';

/**
 * Fixes what can be fixed, inside one write transaction, from what is stored now (not from an
 * earlier report, which another tab may have overtaken). Returns what it did, in plain words.
 */
export async function repairIn(tx: StoreTx, at: string): Promise<string[]> {
	const done: string[] = [];
	const contents = await readContents(tx);
	for (const name of modelNames(contents)) {
		const fixes = await repairModel(
			tx,
			name,
			contents.models.get(name),
			contents.versionsByModel.get(name) ?? [],
			at
		);
		if (!chartSummaryCurrent(contents, name)) {
			await rebuildChartSummary(tx, name, contents.versionsByModel.get(name) ?? []);
			fixes.push(`Rebuilt ${name}'s chart summary from its versions.`);
		}
		if (fixes.length === 0) continue;
		await tx.appendEvent({ at, kind: 'model.repaired', model: name, after: { fixes } });
		done.push(...fixes);
	}
	for (const [sha256, blob] of contents.artifacts) {
		if ((await tx.countArtifactRefs(sha256)) > 0) continue;
		await tx.deleteArtifact(sha256);
		done.push(
			`Removed ${formatBytes(blob.size)} of artifact bytes (SHA-256 ${sha256.slice(0, 12)}…) that no version used.`
		);
	}
	for (const upload of contents.uploads) {
		await tx.deleteUpload(upload.id);
		done.push(
			`Removed ${formatBytes(upload.blob.size)} stored by a registration that did not finish (started ${upload.startedAt}).`
		);
	}
	return done;
}

async function repairModel(
	tx: StoreTx,
	name: string,
	model: RegisteredModel | undefined,
	stored: ModelVersion[],
	at: string
): Promise<string[]> {
	const fixes: string[] = [];
	let versions = stored;
	const production = versions.filter((v) => v.stage === 'production');
	if (production.length > 1) {
		const evidence = { named: model?.productionVersion };
		const { kept, archived } = await settleProduction(tx, production, evidence, at, 'keptInProduction');
		for (const version of archived)
			fixes.push(`Archived ${version.fullName}, keeping ${kept!.fullName} as the one production version.`);
		const now = new Map(archived.map((v) => [v.version, v]));
		versions = versions.map((v) => now.get(v.version) ?? v);
	}
	versions = await moveOutOfRangeMetrics(tx, versions, at, fixes);
	const existing = new Set(versions.map((v) => v.version));
	const aliases = Object.entries(model?.aliases ?? {});
	for (const [alias, version] of aliases) {
		if (!existing.has(version))
			fixes.push(
				`Removed ${name}'s alias "${alias}", which pointed at ${version}, a version that does not exist.`
			);
	}
	if (!model) fixes.push(`Recreated ${name}'s model record from its ${versions.length} versions.`);
	else if (!sameSummary(model, stored)) fixes.push(`Rebuilt ${name}'s summary from its versions.`);
	if (fixes.length === 0) return fixes;
	await tx.putModel({
		name,
		description: model?.description ?? '',
		tags: model?.tags ?? {},
		createdAt: model?.createdAt ?? versions.map((v) => v.createdAt).sort()[0] ?? at,
		updatedAt: at,
		aliases: Object.fromEntries(aliases.filter(([, version]) => existing.has(version))),
		...summarize(versions)
	});
	return fixes;
}

/** Keeps each out-of-range standard metric's value as a custom metric, and takes it out of the standard one. */
async function moveOutOfRangeMetrics(
	tx: StoreTx,
	versions: ModelVersion[],
	at: string,
	fixes: string[]
): Promise<ModelVersion[]> {
	return Promise.all(
		versions.map(async (version) => {
			const broken = outOfRangeMetrics(version);
			if (broken.length === 0) return version;
			const metrics = { ...version.metrics, custom: { ...version.metrics.custom } };
			for (const { metric, value } of broken) {
				// A custom metric of that name already there keeps its value; this one takes the next free name.
				let name = outOfRangeName(metric);
				for (let n = 2; name in metrics.custom; n++) name = `${outOfRangeName(metric)}_${n}`;
				delete metrics[metric as keyof typeof metrics];
				metrics.custom[name] = value;
				fixes.push(`Moved ${version.fullName}'s ${metric} ${value} to the custom metric ${name}.`);
			}
			const repaired = { ...version, metrics, updatedAt: at };
			await tx.putVersion(repaired);
			return repaired;
		})
	);
}

/** The model's series buckets anew from its versions (in SemVer order). */
async function rebuildChartSummary(tx: StoreTx, name: string, versions: ModelVersion[]): Promise<void> {
	await tx.deleteSeriesBuckets(name);
	if (versions.length > 0) await tx.putSeriesBuckets(summarizeRun(name, '', versions));
}
