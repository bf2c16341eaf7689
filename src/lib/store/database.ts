import { Dexie, type EntityTable, type Table } from 'dexie';
import {
	fileHashes,
	metricEntries,
	safeFileName,
	semverKey,
	BUCKET_CAPACITY,
	summarizeBucket,
	textGrams,
	type ArtifactFile,
	type SeriesBucket,
	type TextToken,
	type ModelVersion,
	type RegisteredModel,
	type RegistryEvent
} from '../registry';

/**
 * A version as stored: the domain record plus the keys its indexes need: the one that pages it in
 * SemVer order, and the distinct SHA-256 of its files, which counts the versions holding each content.
 */
export interface StoredVersion extends ModelVersion {
	semverKey: string;
	fileHashes: string[];
	/** `[metric, value]` per metric: ranks every version by a metric and lists the metric names. */
	metricKeys: Array<[string, number]>;
	/** `[model, metric, value]` per metric: ranks one model's versions by a metric. */
	modelMetricKeys: Array<[string, string, number]>;
	/**
	 * `[key, value, model, semverKey]` per tag: the versions with a tag, or with a tag of one value in
	 * search order.
	 */
	tagKeys: Array<[string, string, string, string]>;
	/**
	 * `[token, model, semverKey]` per token of its text (`registry/text-grams.ts`): the versions whose
	 * text holds a substring, each token's in search order.
	 */
	textGrams: Array<[TextToken, string, string]>;
}

/** A version as the versions table keeps it: the record and the keys of its indexes. */
export function toStoredVersion(version: ModelVersion): StoredVersion {
	return {
		...version,
		semverKey: semverKey(version.version),
		fileHashes: fileHashes(version.files),
		...metricIndexKeys(version),
		...searchIndexKeys(version)
	};
}

/** The search index keys of a version (schema version 5): its tags, and the tokens of its text. */
export function searchIndexKeys(version: ModelVersion): Pick<StoredVersion, 'tagKeys' | 'textGrams'> {
	// Ending each key with the version's place in search order lets a walk go through one tag value or
	// one token in the order results are shown, reading only the versions that have it.
	const at = [version.modelName, semverKey(version.version)] as const;
	return {
		tagKeys: Object.entries(version.tags).map(([key, value]) => [key, value, ...at]),
		textGrams: textGrams(version).map((gram) => [gram, ...at])
	};
}

/** Every key schema version 5 derives from a version's record, for fields no index existed for before. */
export type DerivedKeys = 'metricKeys' | 'modelMetricKeys' | 'tagKeys' | 'textGrams';

/** The metric index keys of a version (schema version 3), from its metrics as `metricOf` reads them. */
export function metricIndexKeys(
	version: ModelVersion
): Pick<StoredVersion, 'metricKeys' | 'modelMetricKeys'> {
	const entries = metricEntries(version);
	return {
		metricKeys: entries,
		modelMetricKeys: entries.map(([metric, value]) => [version.modelName, metric, value])
	};
}

/** How schema version 1 kept a version's one file. */
interface VersionOneArtifact {
	sha256: string;
	size: number;
	mediaType: string;
	filename: string;
}

/** A version-1 row as schema version 2 keeps it: its one file becomes a folder of one, named as the file was. */
export function upgradeVersionRow(
	row: Omit<StoredVersion, DerivedKeys> & { artifact?: VersionOneArtifact }
): void {
	const artifact = row.artifact;
	delete row.artifact;
	if (artifact) {
		const file: ArtifactFile = {
			// Version 1 kept names that are not paths of one name now (a drive letter, a control character).
			path: safeFileName(artifact.filename, 'artifact'),
			sha256: artifact.sha256,
			size: artifact.size,
			mediaType: artifact.mediaType
		};
		row.files = [file];
	}
	row.fileHashes = artifact ? [artifact.sha256] : [];
}

/**
 * A row of the `artifacts` table, keyed `sha256`. Two kinds share the table (no schema change): an
 * artifact, keyed by its SHA-256 (lowercase hex), whose bytes are `blob` or, when it was stored while
 * it was hashed, the upload row it names; and an upload, keyed `upload:<id>`, whose `blob` is written
 * once and never again (a Blob read from IndexedDB and put again is copied: `docs/architecture.md`).
 */
export interface StoredArtifact {
	sha256: string;
	blob?: Blob;
	/** On an artifact: the id of the upload row that holds its bytes. */
	upload?: string;
	/** On an upload row: when its registration began. */
	startedAt?: string;
}

/** Upload rows' keys start with this; it sorts after every hex digit, so hashes are the keys below it. */
export const UPLOAD_KEY_PREFIX = 'upload:';

export const DEFAULT_DATABASE_NAME = 'model-registry';

/**
 * The IndexedDB schema. Each change is a new `version(n)` with an upgrade function, tested from a
 * database written by version n-1; never edit a version that has shipped.
 */
export class RegistryDatabase extends Dexie {
	models!: EntityTable<RegisteredModel, 'name'>;
	versions!: Table<StoredVersion, [string, string]>;
	artifacts!: EntityTable<StoredArtifact, 'sha256'>;
	events!: EntityTable<RegistryEvent, 'id'>;
	seriesBuckets!: Table<SeriesBucket, [string, string]>;

	constructor(name: string) {
		super(name);
		// Dexie's liveQuery machinery, which the app does not use (the worker announces its own changes,
		// `worker/write-queue.ts`): on every write it works out each index range the write touched and
		// posts them to every tab. Without it a registration takes 0.2 ms less and an import a quarter less time.
		this.unuse({ stack: 'dbcore', name: 'Observability' });
		this.unuse({ stack: 'dbcore', name: 'Cache' });
		this.version(1).stores({
			models: 'name, createdAt, updatedAt',
			// Compound indexes page one model's versions in SemVer or creation order, find its production
			// version, and count the references to an artifact, without reading other rows.
			versions:
				'[modelName+version], [modelName+semverKey], [modelName+createdAt], [modelName+stage], artifact.sha256',
			// The blob is the only field and is never indexed.
			artifacts: 'sha256',
			events: '++id, model, [model+version]'
		});
		// A version's artifact is a folder of files: the one-file `artifact` becomes `files`, and a
		// multi-entry index over each version's distinct file hashes replaces the one on `artifact.sha256`.
		this.version(2)
			.stores({
				versions:
					'[modelName+version], [modelName+semverKey], [modelName+createdAt], [modelName+stage], *fileHashes'
			})
			.upgrade((tx) => tx.table<StoredVersion>('versions').toCollection().modify(upgradeVersionRow));
		// Leaderboards and the metric names are read from indexes over each version's metric values,
		// so their cost follows what they show, not the number of versions.
		this.version(3)
			.stores({
				versions:
					'[modelName+version], [modelName+semverKey], [modelName+createdAt], [modelName+stage], *fileHashes, *metricKeys, *modelMetricKeys'
			})
			.upgrade((tx) =>
				tx
					.table<StoredVersion>('versions')
					.toCollection()
					.modify((row) => {
						Object.assign(row, metricIndexKeys(row));
					})
			);
		// A model's chart reads its series buckets (`registry/series-summary.ts`), a few thousand rows at
		// a million versions, rather than every version; the upgrade summarizes every model's versions.
		this.version(4)
			.stores({ seriesBuckets: '[model+from]' })
			.upgrade(async (tx) => {
				// Half-full buckets, one model's run at a time: the upgrade holds one bucket of rows, not a model.
				const size = Math.ceil(BUCKET_CAPACITY / 2);
				const buckets: SeriesBucket[] = [];
				let run: StoredVersion[] = [];
				const flush = () => {
					const first = run[0];
					if (!first) return;
					const opens = buckets.at(-1)?.model !== first.modelName;
					buckets.push(summarizeBucket(first.modelName, opens ? '' : first.semverKey, run));
					run = [];
				};
				await tx
					.table<StoredVersion>('versions')
					.orderBy('[modelName+semverKey]')
					.each((row) => {
						if (run.length === size || (run.length > 0 && run[0]?.modelName !== row.modelName)) flush();
						run.push(row);
					});
				flush();
				await tx.table<SeriesBucket>('seriesBuckets').bulkAdd(buckets);
			});
		// Search reads the versions its criteria select through indexes (`registry/indexed-search.ts`), so
		// its cost follows the matches: stage and framework in search order, tags, and text tokens.
		this.version(5)
			.stores({
				versions:
					'[modelName+version], [modelName+semverKey], [modelName+createdAt], [modelName+stage], *fileHashes, *metricKeys, *modelMetricKeys, [stage+modelName+semverKey], [framework+modelName+semverKey], *tagKeys, *textGrams'
			})
			.upgrade((tx) =>
				tx
					.table<StoredVersion>('versions')
					.toCollection()
					.modify((row) => {
						Object.assign(row, searchIndexKeys(row));
					})
			);
	}
}
