import { Dexie, type Transaction } from 'dexie';
import {
	keepingSeries,
	metricOf,
	RegistryError,
	type ModelOrder,
	type ModelStore,
	type ModelVersion,
	type Range,
	type RegisteredModel,
	type RegistryEvent,
	type SeriesBucket,
	type SeriesUpkeepOptions,
	type StoreTx,
	type VersionOrder
} from '../registry';
import {
	DEFAULT_DATABASE_NAME,
	RegistryDatabase,
	toStoredVersion,
	UPLOAD_KEY_PREFIX,
	type StoredArtifact,
	type StoredVersion
} from './database';
import { bestKeysOfEachModel } from './metric-walk';
import { countKeys, selectKeys, walkVersions } from './search-reads';

export interface DexieModelStoreOptions extends SeriesUpkeepOptions {
	/** The IndexedDB database name. Under file:// every page shares one origin, so keep it specific. */
	name?: string;
}

const SCAN_CHUNK = 2_000;
const uploadKey = (id: string) => `${UPLOAD_KEY_PREFIX}${id}`;
const MIN = Dexie.minKey;
const MAX = Dexie.maxKey;

function fromStored(stored: StoredVersion | undefined): ModelVersion | undefined {
	if (!stored) return undefined;
	const {
		semverKey: _key,
		fileHashes: _hashes,
		metricKeys: _metrics,
		modelMetricKeys: _modelMetrics,
		tagKeys: _tags,
		textGrams: _grams,
		...version
	} = stored;
	return version;
}

/** The least string above `text`: no string key lies between the two. */
const keyAfter = (text: string) => `${text}\0`;

/** A key above every `[metric, value]` key of `metric`: arrays sort after numbers in IndexedDB. */
const afterMetric = (metric: string): [string, never[]] => [metric, []];

function isQuotaError(error: unknown): boolean {
	// Dexie may wrap the browser's QuotaExceededError in an AbortError's `inner`.
	for (let e = error as { name?: string; inner?: unknown } | undefined; e; e = e.inner as typeof e) {
		if (e.name === 'QuotaExceededError') return true;
	}
	return false;
}

/** The IndexedDB store the app uses. It opens lazily, on first use. */
export class DexieModelStore implements ModelStore {
	readonly db: RegistryDatabase;

	constructor(private readonly options: DexieModelStoreOptions = {}) {
		this.db = new RegistryDatabase(options.name ?? DEFAULT_DATABASE_NAME);
	}

	read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
		return this.run('r', work);
	}

	write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
		return this.run('rw', work);
	}

	async close(): Promise<void> {
		this.db.close();
	}

	/** Empties every table in one transaction; the app wipes through `ModelRegistry.wipe()`. */
	clear(): Promise<void> {
		return this.write((tx) => tx.clear());
	}

	private async run<T>(mode: 'r' | 'rw', work: (tx: StoreTx) => Promise<T>): Promise<T> {
		const { models, versions, artifacts, events, seriesBuckets } = this.db;
		try {
			return await this.db.transaction(
				mode,
				[models, versions, artifacts, events, seriesBuckets],
				async (trans) => {
					if (mode === 'r') return work(bindTx(trans));
					const { tx, settle } = keepingSeries(bindTx(trans), this.options);
					const result = await work(tx);
					await settle();
					return result;
				}
			);
		} catch (error) {
			if (error instanceof RegistryError) throw error;
			if (isQuotaError(error)) {
				throw new RegistryError(
					'STORAGE_FULL',
					'Storage is full: the browser has no room left for the registry. Nothing was saved. Delete versions you no longer need (Settings shows the space used), then try again.',
					{ cause: String(error) }
				);
			}
			throw error;
		}
	}
}

/** `Transaction.waitFor`, which Dexie's typings leave out. */
interface Waiting {
	waitFor<T>(work: PromiseLike<T>): Promise<T>;
}

/**
 * The port's operations on tables bound to one Dexie transaction. Binding explicitly (rather than
 * through Dexie's ambient zone) keeps nested async helpers inside the transaction.
 */
function bindTx(trans: Transaction): StoreTx {
	const models = trans.table<RegisteredModel, string>('models');
	const versions = trans.table<StoredVersion, [string, string]>('versions');
	const artifacts = trans.table<StoredArtifact, string>('artifacts');
	const events = trans.table<RegistryEvent, number>('events');
	const buckets = trans.table<SeriesBucket, [string, string]>('seriesBuckets');
	const bucketsOf = (model: string, from: string | typeof MIN = MIN, upTo: string | typeof MAX = MAX) =>
		buckets.where('[model+from]').between([model, from], [model, upTo], true, true);
	const inKeyRange = (model: string, from: string, before?: string) =>
		before === undefined
			? versions.where('[modelName+semverKey]').between([model, from], [model, MAX], true, true)
			: versions.where('[modelName+semverKey]').between([model, from], [model, before], true, false);
	const modelsInOrder = (order: ModelOrder) => {
		const index = order.startsWith('created')
			? 'createdAt'
			: order.startsWith('updated')
				? 'updatedAt'
				: 'name';
		const collection = models.orderBy(index);
		return order.endsWith('-desc') ? collection.reverse() : collection;
	};
	return {
		getModel: (name) => models.get(name),
		putModel: async (model) => {
			await models.put(model);
		},
		deleteModel: (name) => models.delete(name),
		countModels: () => models.count(),
		listModels: (range) => modelsInOrder(range.order).offset(range.offset).limit(range.limit).toArray(),
		scanModels: async (match, range) => {
			const items: RegisteredModel[] = [];
			let total = 0;
			await modelsInOrder(range.order).each((model) => {
				if (!match(model)) return;
				if (total >= range.offset && items.length < range.limit) items.push(model);
				total++;
			});
			return { items, total };
		},

		getVersion: async (model, version) => fromStored(await versions.get([model, version])),
		putVersion: async (version) => {
			await versions.put(toStoredVersion(version));
		},
		putVersions: async (list) => {
			await versions.bulkPut(list.map(toStoredVersion));
		},
		deleteVersion: (model, version) => versions.delete([model, version]),
		listVersions: async (model, range: Range & { order: VersionOrder }) => {
			const bySemver = range.order.startsWith('semver');
			const descending = range.order.endsWith('-desc');
			const index = bySemver ? '[modelName+semverKey]' : '[modelName+createdAt]';
			// From the start of the order, or after the row `after` (the SemVer index is unique).
			const inOrder = (after?: [string, string]) => {
				const collection = !after
					? versions.where(index).between([model, MIN], [model, MAX])
					: descending
						? versions.where(index).between([model, MIN], after, true, false)
						: versions.where(index).between(after, [model, MAX], false, true);
				return descending ? collection.reverse() : collection;
			};
			if (!bySemver || range.limit <= SCAN_CHUNK) {
				const rows = await inOrder().offset(range.offset).limit(range.limit).toArray();
				return rows.map((row) => fromStored(row) as ModelVersion);
			}
			// A long run is read in chunks: the browser finishes a request it has begun even after the tab
			// that asked for it has closed, so one read of a whole big model would hold up the next tab's
			// opening of the database for seconds.
			const rows: StoredVersion[] = [];
			let after: [string, string] | undefined;
			for (;;) {
				const wanted = Math.min(SCAN_CHUNK, range.limit - rows.length);
				const chunk = await inOrder(after)
					.offset(after ? 0 : range.offset)
					.limit(wanted)
					.toArray();
				for (const row of chunk) rows.push(row);
				const last = chunk.at(-1);
				if (!last || chunk.length < wanted || rows.length >= range.limit)
					return rows.map((row) => fromStored(row) as ModelVersion);
				after = [last.modelName, last.semverKey];
			}
		},
		versionsInStage: async (model, stage) =>
			(await versions.where('[modelName+stage]').equals([model, stage]).toArray()).map(
				(row) => fromStored(row) as ModelVersion
			),
		scanVersions: async (match, range) => {
			const items: ModelVersion[] = [];
			let total = 0;
			// Chunks read with one getAll each, continuing after the last key, are several times faster
			// than a cursor stepping row by row, and hold one chunk of rows at a time.
			let after: [string, string] | undefined;
			for (;;) {
				const rows = await (
					after
						? versions.where('[modelName+semverKey]').above(after)
						: versions.orderBy('[modelName+semverKey]')
				)
					.limit(SCAN_CHUNK)
					.toArray();
				for (const row of rows) {
					const version = fromStored(row) as ModelVersion;
					if (!match(version)) continue;
					if (total >= range.offset && items.length < range.limit) items.push(version);
					total++;
				}
				const last = rows.at(-1);
				if (!last || rows.length < SCAN_CHUNK) return { items, total };
				after = [last.modelName, last.semverKey];
			}
		},
		selectVersionKeys: (selector, cap) => selectKeys(trans.idbtrans.objectStore('versions'), selector, cap),
		countVersionKeys: (selector) => countKeys(trans.idbtrans.objectStore('versions'), selector),
		getVersions: async (keys) => {
			const rows = await versions.bulkGet(keys as Array<[string, string]>);
			return rows.flatMap((row) => (row ? [fromStored(row) as ModelVersion] : []));
		},
		walkVersions: (walk, visit) =>
			walkVersions(versions, walk, visit, (row) => fromStored(row) as ModelVersion),
		modelNames: () => models.toCollection().primaryKeys(),
		metricNames: async () => {
			// One index step per distinct name: each jumps past every value of the name before it.
			const names: string[] = [];
			for (let next = await versions.orderBy('metricKeys').limit(1).keys(); next.length > 0;) {
				const [metric] = next[0] as unknown as [string, number];
				names.push(metric);
				next = await versions.where('metricKeys').above(afterMetric(metric)).limit(1).keys();
			}
			return names;
		},
		bestByMetric: async (metric, { model, direction, limit }) => {
			const [index, prefix] =
				model === undefined ? ['metricKeys', [metric]] : ['modelMetricKeys', [model, metric]];
			const inRange = versions
				.where(index)
				.between([...prefix, -Infinity], [...prefix, Infinity], true, true);
			const rows = await (direction === 'higher' ? inRange.reverse() : inRange).limit(limit).toArray();
			const last = rows.at(-1);
			if (!last || rows.length < limit) return rows.map((row) => fromStored(row) as ModelVersion);
			// The versions that tie the last one, wherever the limit cut them.
			const boundary = metricOf(last, metric);
			const ties = await versions
				.where(index)
				.equals([...prefix, boundary as number])
				.toArray();
			return [...rows.filter((row) => metricOf(row, metric) !== boundary), ...ties].map(
				(row) => fromStored(row) as ModelVersion
			);
		},
		bestOfEachModel: async (metric, direction) => {
			const names = (await models.toCollection().primaryKeys()) as string[];
			const index = trans.idbtrans.objectStore('versions').index('modelMetricKeys');
			const keys = await bestKeysOfEachModel(index, names, metric, direction);
			const rows = await versions.bulkGet(keys as Array<[string, string]>);
			return rows.map((row) => fromStored(row) as ModelVersion);
		},
		versionsInKeyRange: async (model, from, before, limit = Infinity) =>
			(await inKeyRange(model, from, before).limit(limit).toArray()).map(
				(row) => fromStored(row) as ModelVersion
			),
		countVersionsInKeyRange: (model, from, before) => inKeyRange(model, from, before).count(),

		seriesBuckets: (model) => bucketsOf(model).toArray(),
		seriesBucketAt: (model, key) => bucketsOf(model, MIN, key).last(),
		seriesBucketAfter: async (model, from) =>
			(await buckets.where('[model+from]').between([model, from], [model, MAX], false, true).first()) ??
			undefined,
		putSeriesBuckets: async (list) => {
			await buckets.bulkPut(list);
		},
		deleteSeriesBuckets: async (model, froms) => {
			if (froms) await buckets.bulkDelete(froms.map((from): [string, string] => [model, from]));
			else await bucketsOf(model).delete();
		},
		countArtifactRefs: (sha256) => versions.where('fileHashes').equals(sha256).count(),

		hasArtifact: async (sha256) => (await artifacts.where('sha256').equals(sha256).count()) > 0,
		artifactHashes: () => artifacts.where('sha256').below(UPLOAD_KEY_PREFIX).primaryKeys(),
		getArtifact: async (sha256) => {
			const row = await artifacts.get(sha256);
			if (row?.upload === undefined) return row?.blob;
			return (await artifacts.get(uploadKey(row.upload)))?.blob;
		},
		putArtifact: async (sha256, blob) => {
			await artifacts.put({ sha256, blob });
		},
		deleteArtifact: async (sha256) => {
			const row = await artifacts.get(sha256);
			if (row?.upload !== undefined) await artifacts.delete(uploadKey(row.upload));
			await artifacts.delete(sha256);
		},

		putUpload: async ({ id, blob, startedAt }) => {
			await artifacts.put({ sha256: uploadKey(id), blob, startedAt });
		},
		adoptUpload: async (id, sha256) => {
			// Counted, not read: reading the row would only fetch a Blob handle we do not need.
			if ((await artifacts.where('sha256').equals(uploadKey(id)).count()) === 0) return false;
			await artifacts.put({ sha256, upload: id });
			return true;
		},
		deleteUpload: (id) => artifacts.delete(uploadKey(id)),
		strayUploads: async () => {
			const [uploads, adopted] = await Promise.all([
				artifacts.where('sha256').startsWith(UPLOAD_KEY_PREFIX).toArray(),
				// Every artifact row is read: the `upload` field has no index, and adding one is a schema change.
				artifacts.where('sha256').below(UPLOAD_KEY_PREFIX).toArray()
			]);
			const held = new Set(adopted.map((row) => row.upload).filter((id) => id !== undefined));
			return uploads
				.map((row) => ({
					id: row.sha256.slice(UPLOAD_KEY_PREFIX.length),
					blob: row.blob as Blob,
					startedAt: row.startedAt ?? ''
				}))
				.filter((upload) => !held.has(upload.id));
		},

		appendEvents: async (list) => {
			await events.bulkAdd(list as RegistryEvent[]);
		},
		appendEvent: async (event) => {
			const id = await events.add(event as RegistryEvent);
			return { ...event, id };
		},
		listEvents: async (model, version, newest = Infinity) => {
			// Not `.equals(key)`: read backwards, a range that ends on a key (a closed upper bound) makes
			// Chromium step forward through every entry of that key to find the last one before it reads
			// a row — every event of the model, 0.3–1 s at a million. A range ending just before the next
			// key holds the same entries and starts at the last of them in one seek.
			const matching =
				version === undefined
					? events.where('model').between(model, keyAfter(model), true, false)
					: events
							.where('[model+version]')
							.between([model, version], [model, keyAfter(version)], true, false);
			// Equal index keys are ordered by id, so reversed they are newest first.
			return (await matching.reverse().limit(newest).toArray()).reverse();
		},
		eventsAfter: (model, afterId, limit) => eventsAfter(trans.idbtrans, model, afterId, limit),

		clear: async () => {
			await Promise.all([
				models.clear(),
				versions.clear(),
				artifacts.clear(),
				events.clear(),
				buckets.clear()
			]);
		},

		// Dexie keeps the transaction alive with small reads until the work is done. The transaction's
		// own method (what `Dexie.waitFor` calls, without its 60 s timeout) is used because this
		// transaction is bound explicitly, not found through Dexie's ambient zone.
		waitFor: (work) => (trans as Transaction & Waiting).waitFor(work)
	};
}

/**
 * The model's events after `afterId`, read through the `model` index with one seek to the first of
 * them (`continuePrimaryKey`: equal index keys are ordered by id), which Dexie does not offer. An
 * offset would step through every event before it again for each stretch an export reads.
 */
function eventsAfter(
	trans: IDBTransaction,
	model: string,
	afterId: number,
	limit: number
): Promise<RegistryEvent[]> {
	if (limit <= 0) return Promise.resolve([]);
	return new Promise((resolve, reject) => {
		const found: RegistryEvent[] = [];
		const request = trans.objectStore('events').index('model').openCursor(IDBKeyRange.only(model));
		let sought = false;
		request.onsuccess = () => {
			const cursor = request.result;
			if (!cursor) return resolve(found);
			if (!sought && (cursor.primaryKey as number) <= afterId) {
				sought = true;
				return cursor.continuePrimaryKey(model, afterId + 1);
			}
			sought = true;
			found.push(cursor.value as RegistryEvent);
			if (found.length >= limit) resolve(found);
			else cursor.continue();
		};
		request.onerror = () => reject(request.error);
	});
}
