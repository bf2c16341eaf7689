/**
 * Applying an import inside one write transaction, a part at a time: each part's versions are read
 * by key, compared, written and counted into the model's summary; the model's record, production
 * and aliases are settled after its last part. What is held between parts is one model's progress:
 * its summary, counts and the first names of what it added and replaced, its production claimants,
 * and, for a model the registry already holds, the version strings it rewrote (to take their events).
 */
import { RegistryError } from './errors';
import type { ImportedVersions } from './events';
import { eachPart } from './parts';
import type { StoreTx } from './store';
import { emptySummary, summaryOf, withStageChange, withWritten, type ModelSummary } from './summary';
import {
	IMPORT_NAMED,
	canonical,
	sameVersion,
	type ImportOptions,
	type ImportResult,
	type SnapshotPart,
	type SnapshotParts
} from './transfer';
import { dropFilesIfUnused, settleProduction } from './tx-steps';
import type { ArtifactFile, ModelVersion, RegisteredModel } from './types';

/** One model's import so far. */
interface ModelImport {
	model: SnapshotPart['model'];
	local: RegisteredModel | undefined;
	/** What the registry held in production before the import. */
	inProduction: ModelVersion[];
	summary: ModelSummary;
	added: ImportedVersions;
	replaced: ImportedVersions;
	/**
	 * The versions written into a model the registry already held, whose events the import takes. A
	 * new model takes its whole history, so nothing is kept for it.
	 */
	written: Set<string> | undefined;
	/** The versions written in production: the import's claimants. */
	promoted: ModelVersion[];
	/** The versions that were in production and were written again. */
	rewrittenProduction: Set<string>;
}

/** Counts the version, and names it while fewer than `IMPORT_NAMED` are named. */
function note(named: ImportedVersions, version: string): void {
	named.count++;
	if (named.names.length < IMPORT_NAMED) named.names.push(version);
}

/** How many write requests an import leaves in flight before it waits for them. */
const WRITES_IN_FLIGHT = 16;

/** Applies snapshots (or their parts) inside one write transaction; see ModelRegistry.importSnapshots. */
export async function applySnapshots(
	tx: StoreTx,
	parts: SnapshotParts,
	options: ImportOptions,
	at: string
): Promise<ImportResult> {
	const result: ImportResult = { models: 0, added: 0, replaced: 0, skipped: 0 };
	// Writes are queued without waiting for each: IndexedDB runs a transaction's requests in the
	// order they were made, so every later read sees them. They are awaited now and then, so that
	// what they hold is let go.
	let writes: Array<Promise<unknown>> = [];
	const queue = async (...requests: Array<Promise<unknown>>) => {
		// If a later step throws, the transaction aborts and these fail with it: that is expected.
		for (const request of requests) request.catch(() => undefined);
		writes.push(...requests);
		if (writes.length >= WRITES_IN_FLIGHT) await flush();
	};
	const flush = async () => {
		const pending = writes;
		writes = [];
		await Promise.all(pending);
	};
	let current: ModelImport | undefined;
	let taken = 0;
	for await (const { part, first } of eachPart(tx, parts)) {
		if (options.signal?.aborted)
			throw new RegistryError('CANCELLED', 'The import was cancelled; nothing was changed.');
		if (first) current = await begin(tx, part.model);
		const model = current!;
		await writeVersions(tx, model, part.versions, options, result, queue);
		// A new model takes its whole history; an existing one, the events of the versions written.
		const { written } = model;
		const events = written
			? part.history.filter((e) => e.version !== undefined && written.has(e.version))
			: part.history;
		if (events.length > 0)
			await queue(tx.appendEvents(events.map((event) => ({ ...event, model: model.model.name }))));
		taken += part.versions.length;
		options.onVersions?.(taken);
		if (part.more) continue;
		if (await finish(tx, model, options, at, queue)) {
			result.models++;
			result.added += model.added.count;
			result.replaced += model.replaced.count;
		}
	}
	await flush();
	return result;
}

/** The model's state before the import: its record and its production version, read together. */
async function begin(tx: StoreTx, model: SnapshotPart['model']): Promise<ModelImport> {
	const [local, inProduction] = await Promise.all([
		tx.getModel(model.name),
		tx.versionsInStage(model.name, 'production')
	]);
	return {
		model,
		local,
		inProduction,
		summary: local ? summaryOf(local) : emptySummary(),
		added: { count: 0, names: [] },
		replaced: { count: 0, names: [] },
		written: local ? new Set() : undefined,
		promoted: [],
		rewrittenProduction: new Set()
	};
}

/**
 * Writes one part's versions: each new one, and each that differs from the stored one as the
 * policy says, with the files storage does not hold yet. The stored versions are read by key.
 */
async function writeVersions(
	tx: StoreTx,
	model: ModelImport,
	versions: readonly ModelVersion[],
	options: ImportOptions,
	result: ImportResult,
	queue: (...requests: Array<Promise<unknown>>) => Promise<void>
): Promise<void> {
	if (versions.length === 0) return;
	const name = model.model.name;
	const stored = model.local
		? new Map(
				(await tx.getVersions(versions.map((v) => [name, v.version] as const))).map((v) => [v.version, v])
			)
		: new Map<string, ModelVersion>();
	const writes: Array<{ before?: ModelVersion; after: ModelVersion }> = [];
	const displaced: ArtifactFile[] = [];
	for (const version of versions) {
		const existing = stored.get(version.version);
		if (existing && sameVersion(existing, version)) continue;
		if (existing && options.policy === 'skip') {
			result.skipped++;
			continue;
		}
		if (existing && options.policy === 'fail') {
			throw new RegistryError(
				'CONFLICT',
				`Version ${version.version} of ${name} already exists with different content. Nothing was imported.`,
				{ model: name, version: version.version }
			);
		}
		for (const file of version.files ?? []) {
			if (await tx.hasArtifact(file.sha256)) continue;
			const blob = options.artifacts.get(file.sha256);
			if (!blob) {
				throw new RegistryError(
					'BUNDLE_INVALID',
					`The file ${file.path} of ${name}:${version.version} is missing.`
				);
			}
			await tx.putArtifact(file.sha256, blob);
		}
		writes.push({ before: existing, after: version });
		displaced.push(...(existing?.files ?? []));
		note(existing ? model.replaced : model.added, version.version);
		model.written?.add(version.version);
		if (existing?.stage === 'production') model.rewrittenProduction.add(version.version);
		if (version.stage === 'production') model.promoted.push(version);
	}
	if (writes.length === 0) return;
	await queue(
		tx.putVersions(
			writes.map((w) => w.after),
			writes.map((w) => w.before)
		)
	);
	await dropFilesIfUnused(tx, displaced);
	model.summary = withWritten(model.summary, writes);
}

/**
 * After the model's last part: one production version, its aliases and metric directions, its
 * record and the `model.imported` event. False when the import changed nothing of the model.
 */
async function finish(
	tx: StoreTx,
	model: ModelImport,
	options: ImportOptions,
	at: string,
	queue: (...requests: Array<Promise<unknown>>) => Promise<void>
): Promise<boolean> {
	const { local, added, replaced, promoted, rewrittenProduction } = model;
	const name = model.model.name;
	const aliases = { ...model.model.aliases, ...local?.aliases };
	if (options.policy === 'replace') Object.assign(aliases, model.model.aliases);
	const aliasesChanged = canonical(aliases) !== canonical(local?.aliases ?? {});
	// A model keeps its own metric directions, as it keeps its description, unless the person chose
	// "Use the bundle's" (replace). Then the bundle's take over whole: a metric missing from them is
	// at its default there, so merging would keep a choice the bundle does not make.
	const directions = (options.policy === 'replace' || !local ? model.model : local).metricDirections ?? {};
	const directionsChanged = canonical(directions) !== canonical(local?.metricDirections ?? {});
	const wroteAny = added.count + replaced.count > 0;
	if (!wroteAny && !aliasesChanged && !directionsChanged && local) return false;

	// One production version per model, whatever the bundle and the registry held: the rule of
	// `keptInProduction`, under which a version this import writes in production is the newest promotion.
	// The claimants: what was in production and was not rewritten, and what this import writes there.
	const production = [...model.inProduction.filter((v) => !rewrittenProduction.has(v.version)), ...promoted];
	let summary = model.summary;
	const evidence = {
		promoted: new Set(promoted.map((v) => v.version)),
		named: local?.productionVersion
	};
	const { kept, archived } =
		production.length > 1
			? await settleProduction(tx, production, evidence, at, 'replacedBy')
			: { kept: production[0], archived: [] };
	for (const version of archived) {
		summary = withStageChange(summary, version.version, 'production', 'archived');
	}
	const { productionVersion: _settled, ...rest } = summary;
	// A local alias names a stored version; one the bundle brings is kept if its version is here now.
	const targets = [...new Set(Object.values(aliases))];
	const here = new Set((await tx.getVersions(targets.map((v) => [name, v] as const))).map((v) => v.version));
	const { description, tags, createdAt } = local ?? model.model;
	await queue(
		tx.putModel({
			name,
			description,
			tags,
			createdAt,
			updatedAt: local ? at : model.model.updatedAt,
			aliases: Object.fromEntries(Object.entries(aliases).filter(([, v]) => here.has(v))),
			...(Object.keys(directions).length > 0 && { metricDirections: directions }),
			...rest,
			...(kept && { productionVersion: kept.version })
		}),
		tx.appendEvent({
			at,
			kind: 'model.imported',
			model: name,
			after: {
				...(options.source && { source: options.source }),
				...(options.pulledFrom && { pulledFrom: options.pulledFrom }),
				added: added.names,
				addedCount: added.count,
				replaced: replaced.names,
				replacedCount: replaced.count
			}
		})
	);
	return true;
}
